import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import { strings } from "../strings";
import { tracked } from "../tracked";
import type { StorefrontProps } from "./storefront";

type StorefrontCode = typeof import("./storefront");
let code: Promise<StorefrontCode> | undefined;

/**
 * The storefront, whose code is a chunk of its own: a page of cards alone never loads it, and
 * `embed.js` asks for it beside the page's code when the page has a storefront.
 */
export const LazyStorefront = tracked(function LazyStorefront(props: StorefrontProps) {
  const [loaded, setLoaded] = useState<StorefrontCode | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    code ??= import("./storefront");
    code.then(
      (module) => live && setLoaded(module),
      () => {
        // The next storefront mounted asks for the code again.
        code = undefined;
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  if (loaded) return h(loaded.Storefront, props);
  return failed ? h("p", { class: "error", role: "alert" }, strings.loadFailed) : null;
});
