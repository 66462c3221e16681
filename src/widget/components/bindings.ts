import type { HeadingLevel } from "../heading-level";
import type { MessageOverrides } from "../i18n/locale";
import { themeCode } from "../mount";
import type { KioskMountOptions, KioskOpenOptions } from "../script-api";
import {
  type CheckoutState,
  createProviderRuntime,
  type KioskTheme,
  type ProviderRuntime,
  themeStyle,
} from "./provider-runtime";

/**
 * The part of React's and Preact's API the components are written against: both have it, with
 * the same meaning, so one set of components serves both (`kiosk-checkout/react`,
 * `kiosk-checkout/preact`). Elements are made with `createElement`: no JSX runtime is assumed.
 */
export interface Framework<Element> {
  createElement(
    type: unknown,
    props: Record<string, unknown> | null,
    ...children: unknown[]
  ): Element;
  createContext<T>(value: T): { readonly Provider: unknown };
  useContext<T>(context: { readonly Provider: unknown }): T;
  useRef<T>(initial: T | null): { current: T | null };
  useEffect(effect: () => undefined | (() => void), deps: readonly unknown[]): void;
  useMemo<T>(factory: () => T, deps: readonly unknown[]): T;
  useState<T>(initial: T): [T, (value: T) => void];
}

/** `<KioskProvider>`: where the components find the proxy, the language and the theme. */
export interface KioskProviderProps {
  /** The proxy's API base, e.g. `https://shop.example/api`. */
  readonly apiBase: string;
  /**
   * The buyer's language (`de`, `fr-CA`); else `data-locale` or `lang` around the provider,
   * then the browser's. See the README's "Languages".
   */
  readonly locale?: string | undefined;
  /** The merchant's own wording for any message, by key: `{ buy: "Get it" }`. */
  readonly messages?: MessageOverrides | undefined;
  /** Theme variables for the widgets and the checkout: `{ accent: "#0f766e", radius: "4px" }`. */
  readonly theme?: KioskTheme | undefined;
  /** The `fetch` to send requests with (one that adds headers, or a test's); the platform's by default. */
  readonly fetch?: typeof fetch | undefined;
}

/** What a Buy action fills in (and locks) in the checkout; see `Kiosk.open`. */
export interface KioskPrefillProps extends KioskOpenOptions {}

/**
 * `<ProductCard>`: one product's card, in a shadow root, with its Buy button. Any other prop is an
 * attribute of its host element (`id`, `style`, `aria-*`, `data-*`…).
 */
export interface ProductCardProps extends KioskPrefillProps {
  readonly productId: string;
  /** The level of the product-name heading; one below the last heading before it by default. */
  readonly headingLevel?: HeadingLevel | undefined;
  /** A class for the card's host element (its size and place in your layout). */
  readonly className?: string | undefined;
}

/**
 * `<BuyButton>`: your own button (its children, your styles) that opens the checkout. Any other
 * prop is the button's own attribute (`id`, `style`, `aria-*`, `data-*`, `onClick`…), except
 * `type`, which stays `button`.
 */
export interface BuyButtonProps extends KioskPrefillProps {
  readonly productId: string;
  readonly className?: string | undefined;
}

/**
 * `<Storefront>`: a searchable, paged grid of cards, in a shadow root. Any other prop is an
 * attribute of its host element, as a card's.
 */
export interface StorefrontProps {
  /** Only this category. */
  readonly category?: string | undefined;
  /** Cards per page; 12 by default. */
  readonly limit?: number | undefined;
  readonly headingLevel?: HeadingLevel | undefined;
  readonly className?: string | undefined;
}

/** What `useCheckout()` gives: the checkout's state, and opening and closing it from code. */
export interface CheckoutHandle {
  readonly state: CheckoutState;
  /** Opens the checkout for a product; resolves once it is shown (or `kiosk:open` was cancelled). */
  open(productId: string, options?: KioskOpenOptions): Promise<void>;
  /** Closes the checkout; an order waiting for payment keeps being followed. */
  close(): void;
}

/**
 * The host's attributes that stay the component's whatever the app passes: its reference and
 * content, and a Buy button's state (the widget's).
 */
const widgetHostProps = [
  "ref",
  "children",
  "dangerouslySetInnerHTML",
  "innerHTML",
  "textContent",
  "disabled",
  "aria-disabled",
  "type",
] as const;

/**
 * A component's props beside its host's own attributes (`Attributes`, as its framework types
 * them), less those the component keeps: what each entry's components take.
 */
export type HostAttributes<Props, Attributes> = Props &
  Omit<Attributes, keyof Props | (typeof widgetHostProps)[number]>;

/** The components' own props: every other one is an attribute of the host element. */
const ownProps = new Set<string>([
  ...widgetHostProps,
  "productId",
  "quantity",
  "variant",
  "coupon",
  "email",
  "fields",
  "locked",
  "headingLevel",
  "category",
  "limit",
]);

/**
 * The app's attributes for a component's host element (`className`, `id`, `style`, `aria-*`,
 * `data-*`, `onClick`…), as its framework takes them: the host is the app's element, the widget
 * renders inside it.
 */
const hostProps = (props: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(props).filter(([name]) => !ownProps.has(name)));

const prefillOf = (props: KioskPrefillProps): KioskOpenOptions => ({
  quantity: props.quantity,
  variant: props.variant,
  coupon: props.coupon,
  email: props.email,
  fields: props.fields,
  locked: props.locked,
});

/**
 * The components and `useCheckout` for one framework. They are thin: each renders a host
 * element and, in an effect, hands it to the widget's own mounting (the same code as the
 * embed's `data-kiosk-*` elements), so a StrictMode mount, unmount and mount again leaves one
 * widget, and a changed prop re-renders it.
 */
export function createBindings<Element>(framework: Framework<Element>) {
  const { createElement: h, useContext, useEffect, useMemo, useRef, useState } = framework;
  const RuntimeContext = framework.createContext<ProviderRuntime | undefined>(undefined);

  const useRuntime = (name: string): ProviderRuntime => {
    const runtime = useContext<ProviderRuntime | undefined>(RuntimeContext);
    if (!runtime) throw new Error(`kiosk-checkout: ${name} must be inside <KioskProvider>`);
    return runtime;
  };

  /** A host element of the runtime's widgets, mounted with `options` and kept in line with them. */
  const useWidget = (name: string, options: KioskMountOptions, headingLevel?: HeadingLevel) => {
    const runtime = useRuntime(name);
    const host = useRef<HTMLElement>(null);
    const key = JSON.stringify([options, headingLevel ?? 0]);
    useEffect(() => {
      const element = host.current;
      return element ? runtime.mount(element, options, headingLevel) : undefined;
      // `key` stands for `options` and `headingLevel`, which are new objects on every render.
    }, [runtime, key]);
    return host;
  };

  function KioskProvider(props: KioskProviderProps & { readonly children?: unknown }): Element {
    const { apiBase, locale, messages, theme, fetch, children } = props;
    const root = useRef<HTMLElement>(null);
    const wording = JSON.stringify(messages ?? {});
    // The latest `fetch` prop, called through one function for the runtime's life: an inline
    // `fetch={(url, init) => …}` is a new function on every render, and would otherwise start a
    // new runtime (closing the checkout, drawing every card again) each time.
    const latestFetch = useRef<typeof fetch>(fetch);
    latestFetch.current = fetch;
    const ownFetch = fetch !== undefined;
    const runtime = useMemo(
      () =>
        createProviderRuntime(
          {
            apiBase,
            locale,
            messages,
            fetch: ownFetch
              ? (input, init) => (latestFetch.current ?? globalThis.fetch)(input, init)
              : undefined,
          },
          () => root.current,
        ),
      // `wording` stands for `messages`.
      [apiBase, locale, wording, ownFetch],
    );
    useEffect(() => {
      runtime.start();
      return () => runtime.stop();
    }, [runtime]);
    const style = themeStyle(theme);
    const colours = JSON.stringify(style);
    // Widgets themed from the provider read its colours again when they change, taken away
    // included: once themed, a provider whose theme goes back to none leaves no colour behind.
    const themed = useRef<boolean>(false);
    useEffect(() => {
      if (theme) themed.current = true;
      if (themed.current) void themeCode().then((code) => code.refresh());
      return undefined;
    }, [colours]);
    return h(
      "div",
      { ref: root, "data-kiosk-provider": "", style },
      h(RuntimeContext.Provider, { value: runtime }, children),
    );
  }

  function ProductCard(props: ProductCardProps): Element {
    const options = { product: props.productId, ...prefillOf(props) };
    const host = useWidget("ProductCard", options, props.headingLevel);
    return h("div", { ...hostProps(props), ref: host });
  }

  function BuyButton(props: BuyButtonProps & { readonly children?: unknown }): Element {
    const host = useWidget("BuyButton", { buy: props.productId, ...prefillOf(props) });
    return h("button", { ...hostProps(props), ref: host, type: "button" }, props.children);
  }

  function Storefront(props: StorefrontProps): Element {
    const { category, limit, headingLevel } = props;
    const host = useWidget("Storefront", { storefront: true, category, limit }, headingLevel);
    return h("div", { ...hostProps(props), ref: host });
  }

  function useCheckout(): CheckoutHandle {
    const runtime = useRuntime("useCheckout");
    const [state, setState] = useState(runtime.state.peek());
    useEffect(() => runtime.state.subscribe(setState), [runtime]);
    return useMemo(() => ({ state, open: runtime.open, close: runtime.close }), [state, runtime]);
  }

  return { KioskProvider, ProductCard, BuyButton, Storefront, useCheckout };
}
