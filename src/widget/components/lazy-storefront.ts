import { h } from "preact";
import { strings } from "../strings";
import { tracked, useMount, useSignal } from "../tracked";
import type { StorefrontProps } from "./storefront";

type StorefrontCode = typeof import("./storefront");
let code: Promise<StorefrontCode> | undefined;

/**
 * The storefront, whose code is a chunk of its own: a page of cards alone never loads it, and
 * `embed.js` asks for it beside the page's code when the page has a storefront.
 */
export const LazyStorefront = tracked(function LazyStorefront(props: StorefrontProps) {
  const loaded = useSignal<StorefrontCode | undefined>(undefined);
  const failed = useSignal(false);
  useMount(() => {
    let live = true;
    code ??= import("./storefront");
    code.then(
      (module) => {
        if (live) loaded.value = module;
      },
      () => {
        // The next storefront mounted asks for the code again.
        code = undefined;
        if (live) failed.value = true;
      },
    );
    return () => {
      live = false;
    };
  });
  const module = loaded.value;
  if (module) return h(module.Storefront, props);
  return failed.value ? h("p", { class: "error", role: "alert" }, strings.loadFailed) : null;
});
