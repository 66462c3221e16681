import { type ReadonlySignal, signal } from "@preact/signals-core";
import type { Money } from "../events";
import { attributeName } from "../field-name";
import type { MessageOverrides } from "../i18n/locale";
import { type MountedPage, mountPage } from "../page";
import {
  type KioskMountOptions,
  type KioskOpenOptions,
  type KioskScriptApi,
  scriptApi,
} from "../script-api";

/** The theme variables a provider sets: `{ accent: "#0f766e" }` is `--kiosk-accent: #0f766e`. */
export interface KioskTheme {
  readonly accent?: string | undefined;
  readonly accentText?: string | undefined;
  readonly radius?: string | undefined;
  readonly font?: string | undefined;
  readonly bg?: string | undefined;
  readonly text?: string | undefined;
  readonly muted?: string | undefined;
  readonly border?: string | undefined;
  readonly danger?: string | undefined;
  readonly success?: string | undefined;
  readonly skeleton?: string | undefined;
  readonly cardHeight?: string | undefined;
}

/** What a provider needs to reach the proxy and speak the buyer's language. */
export interface RuntimeOptions {
  readonly apiBase: string;
  readonly fetch?: typeof fetch | undefined;
  readonly locale?: string | undefined;
  readonly messages?: MessageOverrides | undefined;
}

/** Where the provider's checkout stands, from its `kiosk:*` events. */
export interface CheckoutState {
  /** Whether the checkout dialog is showing. */
  readonly isOpen: boolean;
  /** The product of the open checkout, or of the last one. */
  readonly productId: string | undefined;
  /** The order created in it, once there is one. */
  readonly orderId: string | undefined;
  /** That order's total, in minor units. */
  readonly total: Money | undefined;
  /**
   * `browsing` before an order; `ordered` once created (the buyer is paying), `paid`, then
   * `complete` once the goods are delivered (shown in the dialog, never here).
   */
  readonly stage: "browsing" | "ordered" | "paid" | "complete";
  /** The last problem (`kiosk:error`): its type and the message the buyer saw. */
  readonly error: { readonly type: string; readonly message: string } | undefined;
}

/** One provider's widgets: a page runtime over the provider's element, started on first use. */
export interface ProviderRuntime {
  readonly state: ReadonlySignal<CheckoutState>;
  /**
   * Makes `host` a widget as `Kiosk.mount` does, its `data-kiosk-*` attributes being exactly
   * `options` (and the heading level); returns a function that unmounts it.
   */
  mount(host: HTMLElement, options: KioskMountOptions, headingLevel?: number): () => void;
  open(productId: string, options?: KioskOpenOptions): Promise<void>;
  close(): void;
  /** Starts the runtime if no widget has yet, and shows this tab's last order again. */
  start(): void;
  /** Closes the checkout and unmounts every widget; the next use starts afresh. */
  stop(): void;
}

const idle: CheckoutState = {
  isOpen: false,
  productId: undefined,
  orderId: undefined,
  total: undefined,
  stage: "browsing",
  error: undefined,
};

/**
 * A provider's runtime. Creating it does nothing (frameworks may create and drop it while
 * rendering); the page runtime starts when a widget mounts or the provider's effect runs, on
 * `root()`, which holds the widgets and the checkout dialog, so theme variables set on it
 * reach both.
 */
export function createProviderRuntime(
  options: RuntimeOptions,
  root: () => HTMLElement | null,
): ProviderRuntime {
  const state = signal<CheckoutState>(idle);
  let api: Omit<KioskScriptApi, "ready"> | undefined;
  let page: MountedPage | undefined;
  const update = (change: Partial<CheckoutState>) => {
    state.value = { ...state.peek(), ...change };
  };

  const started = () => {
    if (api) return api;
    const element = root() ?? document.body;
    const { fetch, ...rest } = options;
    page = mountPage({
      ...rest,
      ...(fetch ? { fetch } : {}),
      root: element,
      watch: false,
      container: element,
    });
    api = scriptApi(page);
    api.on("kiosk:open", ({ productId }, event) => {
      // `kiosk:open` may still be cancelled by a handler after this one.
      queueMicrotask(() => {
        if (event.defaultPrevented) return;
        const kept = state.peek();
        // A checkout whose order is on its way shows that order again.
        const resumed =
          kept.productId === productId && (kept.stage === "ordered" || kept.stage === "paid");
        state.value = resumed ? { ...kept, isOpen: true } : { ...idle, productId, isOpen: true };
      });
    });
    api.on("kiosk:close", () => update({ isOpen: false }));
    api.on("kiosk:order", ({ productId, orderId, total }) =>
      update({ productId, orderId, total, stage: "ordered", error: undefined }),
    );
    api.on("kiosk:paid", ({ orderId, total }) => update({ orderId, total, stage: "paid" }));
    api.on("kiosk:complete", ({ orderId, total }) => update({ orderId, total, stage: "complete" }));
    api.on("kiosk:error", ({ type, message }) => update({ error: { type, message } }));
    return api;
  };

  return {
    state,
    mount(host, mountOptions, headingLevel) {
      const current = started();
      // The script API's mount takes an earlier mount's options off; its heading level is ours.
      host.removeAttribute("data-kiosk-heading-level");
      if (headingLevel) host.setAttribute("data-kiosk-heading-level", String(headingLevel));
      // The prefill becomes attributes, whose names hold no space ("Discord Username").
      const { fields, locked } = mountOptions;
      return current.mount(host, {
        ...mountOptions,
        fields:
          fields &&
          Object.fromEntries(
            Object.entries(fields).map(([key, value]) => [attributeName(key), value]),
          ),
        locked: locked?.map(attributeName),
      });
    },
    open: (productId, openOptions) => started().open(productId, openOptions),
    close: () => api?.close(),
    start() {
      started();
      const current = page;
      // After the frameworks' mount checks (a StrictMode unmount and mount in the same task),
      // so a dropped runtime never opens a dialog.
      queueMicrotask(() => {
        if (current && page === current) current.kiosk.restore();
      });
    },
    stop() {
      api?.destroy();
      api = undefined;
      page = undefined;
      if (state.peek().isOpen) update({ isOpen: false });
    },
  };
}

/** The provider element's style: no box of its own, and the theme's `--kiosk-*` variables. */
export function themeStyle(theme: KioskTheme = {}): Record<string, string> {
  const style: Record<string, string> = { display: "contents" };
  for (const [name, value] of Object.entries(theme)) {
    if (typeof value === "string") {
      style[`--kiosk-${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`] = value;
    }
  }
  return style;
}
