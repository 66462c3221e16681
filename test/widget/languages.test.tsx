import { readFileSync } from "node:fs";
import { fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseCatalog } from "../../src/server/platforms/sandbox/catalog";
import { localNames } from "../../src/widget/checkout/field-messages";
import { en, type Messages } from "../../src/widget/i18n/en";
import { enCheckout } from "../../src/widget/i18n/en-checkout";
import { enStorefront } from "../../src/widget/i18n/en-storefront";
import {
  type Locale,
  loadMessages,
  locales,
  resolveLocale,
  setLocale,
  toLocale,
} from "../../src/widget/i18n/locale";
import { withOverrides } from "../../src/widget/i18n/overrides";
import { type MountedPage, mountPage, type PageOptions } from "../../src/widget/page";
import { problemMessage } from "../../src/widget/strings";
import { apiBase, createHarness, type Harness } from "./harness";

let page: MountedPage | undefined;
// The checkout's code, which the first Buy click imports, is prepared for the test runner here,
// with room for a busy machine, rather than inside a test's own time.
beforeAll(() => import("../../src/widget/checkout/open-checkout"), 60_000);

afterEach(async () => {
  page?.stop();
  page = undefined;
  document.body.innerHTML = "";
  document.documentElement.removeAttribute("lang");
  vi.unstubAllGlobals();
  await setLocale("en");
});

/** The demo catalog plus products that show what a locale changes: plurals and currencies. */
function catalog() {
  const demo = JSON.parse(readFileSync("demo/catalog.json", "utf8")) as { products: object[] };
  const base = { type: "download", delivery: "https://example.com/file.zip" } as const;
  return parseCatalog(
    {
      ...demo,
      products: [
        ...demo.products,
        {
          ...base,
          id: "euro-pack",
          name: "Euro Pack",
          currency: "EUR",
          price: "1234.50",
          stock: null,
        },
        { ...base, id: "one-left", name: "One Left", price: "5.00", stock: 1 },
        { ...base, id: "two-left", name: "Two Left", price: "5.00", stock: 2 },
        {
          ...base,
          id: "dinar-pack",
          name: "Dinar Pack",
          currency: "KWD",
          price: "12.345",
          stock: null,
        },
      ],
    },
    "a catalog with plurals and currencies",
  );
}

async function mount(harness: Harness, html: string, options: Partial<PageOptions> = {}) {
  document.body.innerHTML = html;
  page = mountPage({ ...harness.kiosk.options, apiBase, root: document.body, ...options });
  await page.ready;
  return page;
}

/** Text with the locale's no-break spaces as plain ones, so expectations stay readable. */
const plain = (text: string | null | undefined) => (text ?? "").replace(/[\u00a0\u202f]/g, " ");

function card(id: string) {
  const root = document.getElementById(id)?.shadowRoot;
  if (!root) throw new Error(`#${id} has no shadow root`);
  return {
    root,
    // Once drawn: the place held before a card draws lays out a space in each of its text
    // styles (`textStyleSteps`), which a selector of the style finds first.
    text: async (selector: string) => {
      await waitFor(() =>
        expect(plain(root.querySelector(selector)?.textContent).trim(), root.innerHTML).not.toBe(
          "",
        ),
      );
      return plain(root.querySelector(selector)?.textContent);
    },
  };
}

const cases = [
  {
    locale: "en",
    buy: "Buy",
    euro: "€1,234.50",
    one: "1 left",
    two: "2 left",
    yen: "¥1,200",
    dinar: "KWD 12.345",
    title: "Checkout",
    pay: "Pay €1,234.50",
    expired: "This code has expired.",
    required: " (required)",
  },
  {
    locale: "de",
    buy: "Kaufen",
    euro: "1.234,50 €",
    one: "Nur noch 1",
    two: "Nur noch 2",
    yen: "1.200 ¥",
    dinar: "12,345 KWD",
    title: "Kasse",
    pay: "1.234,50 € bezahlen",
    expired: "Dieser Code ist abgelaufen.",
    required: " (Pflichtfeld)",
  },
  {
    locale: "fr",
    buy: "Acheter",
    euro: "1 234,50 €",
    one: "1 restant",
    two: "2 restants",
    yen: "1 200 JPY",
    dinar: "12,345 KWD",
    title: "Paiement",
    pay: "Payer 1 234,50 €",
    expired: "Ce code a expiré.",
    required: " (obligatoire)",
  },
  {
    locale: "es",
    buy: "Comprar",
    euro: "1234,50 €",
    one: "Queda 1",
    two: "Quedan 2",
    yen: "1200 JPY",
    dinar: "12,345 KWD",
    title: "Pago",
    pay: "Pagar 1234,50 €",
    expired: "Este código ha caducado.",
    required: " (obligatorio)",
  },
  {
    locale: "ja",
    buy: "購入",
    euro: "€1,234.50",
    one: "残り1点",
    two: "残り2点",
    yen: "￥1,200",
    dinar: "KWD 12.345",
    title: "ご購入手続き",
    pay: "€1,234.50 を支払う",
    expired: "このコードは有効期限が切れています。",
    // Full-width brackets, with no space before them.
    required: "（必須）",
  },
] as const;

/**
 * The checkout's shadow root, once a Buy click has drawn it (its product and the store's settings
 * in). Waits as long as the checkout's own: a machine busy with other suites is slow.
 */
const checkoutRoot = () =>
  waitFor(
    () => {
      const found = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
      if (!found) throw new Error("no checkout yet");
      return found;
    },
    { timeout: 10_000 },
  );

describe("a purchase screen in each locale", () => {
  for (const expected of cases) {
    it(`${expected.locale}: words, plurals and prices of a lang="${expected.locale}" page`, async () => {
      const harness = createHarness({ catalog: catalog() });
      await mount(
        harness,
        `<main lang="${expected.locale}">
           <div data-kiosk-product="euro-pack" id="euro"></div>
           <div data-kiosk-product="one-left" id="one"></div>
           <div data-kiosk-product="two-left" id="two"></div>
           <div data-kiosk-product="tokyo-font" id="yen"></div>
           <div data-kiosk-product="dinar-pack" id="dinar"></div>
           <button data-kiosk-buy="euro-pack" data-kiosk-coupon="EXPIRED" id="buy">x</button>
         </main>`,
      );
      expect(await card("euro").text(".price")).toBe(expected.euro);
      expect(card("euro").root.querySelector(".kiosk")?.getAttribute("lang")).toBe(expected.locale);
      expect(await card("euro").text("button.buy")).toBe(expected.buy);
      expect(await card("one").text(".stock")).toBe(expected.one);
      expect(await card("two").text(".stock")).toBe(expected.two);
      // JPY has no minor unit, KWD three: the digits follow the currency in every locale.
      expect(await card("yen").text(".price")).toBe(expected.yen);
      expect(await card("dinar").text(".price")).toBe(expected.dinar);

      fireEvent.click(document.getElementById("buy") as HTMLElement);
      const host = await checkoutRoot();
      const view = within(host as unknown as HTMLElement);
      expect(view.getByRole("heading", { name: expected.title })).toBeTruthy();
      // The coupon's refusal is a code from the proxy, worded here in the page's language.
      // (Waits as long as the checkout's own: a machine busy with other suites is slow.)
      await view.findByText(expected.expired, {}, { timeout: 10_000 });
      expect(host.querySelector(".req")?.textContent).toBe(expected.required);
      await waitFor(
        () => {
          const pay = [...host.querySelectorAll("button")].find((button) =>
            plain(button.textContent).includes(expected.euro),
          );
          expect(plain(pay?.textContent)).toBe(expected.pay);
        },
        { timeout: 10_000 },
      );
    });
  }
});

describe("a code's minimum", () => {
  it("is written as a price in the page's language", async () => {
    const harness = createHarness();
    await mount(
      harness,
      `<main lang="de"><button data-kiosk-buy="pro-license" data-kiosk-coupon="BIGSPENDER" id="buy">x</button></main>`,
    );
    fireEvent.click(document.getElementById("buy") as HTMLElement);
    const host = await checkoutRoot();
    const said = await within(host as unknown as HTMLElement).findByText(
      /^Dieser Code gilt ab einem Bestellwert von/,
      {},
      { timeout: 10_000 },
    );
    expect(plain(said.textContent)).toBe(
      "Dieser Code gilt ab einem Bestellwert von 50,00 $. Fügen Sie mehr hinzu.",
    );
  });
});

describe("choosing the locale", () => {
  it("takes data-locale, then the nearest lang, then the browser; region tags map to the language", () => {
    document.body.innerHTML = `
      <section lang="fr" id="fr-section">
        <div data-locale="de-AT" id="container"><span id="inside"></span></div>
        <span id="french"></span>
        <span lang="pt" id="portuguese"></span>
      </section>
      <span id="bare"></span>`;
    const at = (id: string) => document.getElementById(id);
    expect(resolveLocale("es-MX", at("inside"))).toBe("es");
    expect(resolveLocale(undefined, at("inside"))).toBe("de");
    expect(resolveLocale(undefined, at("container"))).toBe("de");
    expect(resolveLocale(undefined, at("french"))).toBe("fr");
    // A language the widget does not ship falls back to English, not to something further out.
    expect(resolveLocale(undefined, at("portuguese"))).toBe("en");
    vi.stubGlobal("navigator", { languages: ["pt-BR", "ja-JP", "de"], language: "pt-BR" });
    expect(resolveLocale(undefined, at("bare"))).toBe("ja");
    document.documentElement.lang = "es";
    expect(resolveLocale(undefined, at("bare"))).toBe("es");
    document.documentElement.removeAttribute("lang");
    vi.stubGlobal("navigator", { languages: ["pt-BR"], language: "pt-BR" });
    expect(resolveLocale(undefined, at("bare"))).toBe("en");
    expect(toLocale("zh-Hant")).toBeUndefined();
  });

  it("lets a script's data-locale win over the page's lang", async () => {
    const harness = createHarness({ catalog: catalog() });
    await mount(
      harness,
      `<div lang="de"><div data-kiosk-product="two-left" id="two"></div></div>`,
      {
        locale: "fr",
      },
    );
    expect(await card("two").text(".stock")).toBe("2 restants");
  });
});

describe("merchant overrides", () => {
  it("replaces any message from mountPage, with templates and plural forms", async () => {
    const harness = createHarness({ catalog: catalog() });
    await mount(
      harness,
      `<div lang="de"><div data-kiosk-product="one-left" id="one"></div>
       <div data-kiosk-product="two-left" id="two"></div></div>`,
      {
        messages: { buy: "Holen", stockLeft: { one: "Das letzte!", other: "Noch {count} Stück" } },
      },
    );
    expect(await card("one").text("button.buy")).toBe("Holen");
    expect(await card("one").text(".stock")).toBe("Das letzte!");
    expect(await card("two").text(".stock")).toBe("Noch 2 Stück");
  });

  it("reads a JSON block on the page, never running it as script", async () => {
    const harness = createHarness({ catalog: catalog() });
    await mount(
      harness,
      `<script type="application/json" data-kiosk-messages>
         {"buy": "Get it", "stockLeft": "only {count}!", "nonsense": "ignored"}
       </script>
       <div data-kiosk-product="two-left" id="two"></div>`,
    );
    expect(await card("two").text("button.buy")).toBe("Get it");
    expect(await card("two").text(".stock")).toBe("only 2!");
  });

  it("words the storefront too, whose English sentences load with its chunk", async () => {
    const harness = createHarness({ catalog: catalog() });
    await mount(
      harness,
      `<script type="application/json" data-kiosk-messages>
         {"search": "Find a product", "pageOf": "{page} / {count}", "buy": "Get it"}
       </script>
       <div data-kiosk-storefront data-kiosk-limit="1" id="shop"></div>`,
    );
    const root = await waitFor(() => {
      const shadow = document.querySelector("#shop")?.shadowRoot;
      if (!shadow?.querySelector("input")) throw new Error("no storefront yet");
      return shadow;
    });
    const view = within(root as unknown as HTMLElement);
    expect(view.getByRole("searchbox", { name: "Find a product" })).toBeTruthy();
    await view.findByText(/^1 \/ \d+$/);
    // Its cards keep the page's words, worded too.
    expect((await view.findByRole("button", { name: /Get it/ })).textContent).toMatch(/Get it/);
  });

  it("words the checkout too, whose English sentences load with its chunk", async () => {
    const harness = createHarness({ catalog: catalog() });
    const mounted = await mount(
      harness,
      `<script type="application/json" data-kiosk-messages>
         {"title": "Your order", "pay": "Pay {total} now", "problem.not_email": "An address, please."}
       </script>`,
    );
    await mounted.kiosk.checkout({ productId: "two-left", email: "nobody" });
    const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
    if (!root) throw new Error("no checkout mounted");
    const view = within(root as unknown as HTMLElement);
    expect(view.getByRole("heading", { name: "Your order" })).toBeTruthy();
    await view.findByRole("button", { name: "Pay $5.00 now" });
    fireEvent.click(view.getByRole("button", { name: "Pay $5.00 now" }));
    await view.findByText("An address, please.");
  });
});

describe("the catalogues", () => {
  it("have every key of the English one in every locale, each giving text", async () => {
    const sample = {
      count: 2,
      page: 1,
      code: "X",
      total: "1 €",
      email: "a@b.c",
      status: "failed",
      seconds: 3,
      limit: 2,
      currency: "EUR",
    };
    const english = { ...en, ...enCheckout, ...enStorefront };
    for (const locale of locales) {
      // English's checkout and storefront sentences come with their chunks; the others load
      // whole.
      const messages = locale === "en" ? english : await loadMessages(locale);
      expect(Object.keys(messages).sort(), locale).toEqual(Object.keys(english).sort());
      for (const [key, message] of Object.entries(messages)) {
        const text =
          typeof message === "string" ? message : (message as (p: object) => string)(sample);
        expect(text.trim().length, `${locale} ${key}`).toBeGreaterThan(0);
      }
    }
  });

  it("say of a refunded order that its payment goes back, not that nothing was charged", async () => {
    const said: Record<string, [RegExp, RegExp]> = {
      de: [/Sie erhalten Ihre Zahlung zurück/, /Es wurde nichts berechnet/],
      fr: [/votre paiement vous est rendu/, /Rien n’a été débité/],
      es: [/se te devuelve el pago/, /No se cobró nada/],
      ja: [/返金されました/, /請求は発生していません/],
    };
    for (const [locale, [refunded, unpaid]] of Object.entries(said)) {
      const words = (await loadMessages(locale as Locale)) as unknown as typeof enCheckout;
      expect(words.orderFailed({ status: "refunded" }), locale).toMatch(refunded);
      expect(words.orderFailed({ status: "refunded" }), locale).not.toMatch(unpaid);
      expect(words.orderFailed({ status: "expired" }), locale).toMatch(unpaid);
    }
  });

  it("let the merchant's own wording of a limit take its wait in minutes, and its plural", () => {
    const words = withOverrides("en", en, {
      "failure.rate_limited": {
        one: "Slow down: {wait} minute.",
        other: "Slow down: {wait} minutes.",
      },
    });
    expect(problemMessage("rate_limited", words, 1)).toBe("Slow down: 1 minute.");
    expect(problemMessage("rate_limited", words, 10)).toBe("Slow down: 10 minutes.");
    const plain = withOverrides("en", en, { "failure.rate_limited": "Slow down{wait}." });
    // Not "undefined" where the page's own request knows no wait.
    expect(problemMessage("rate_limited", plain)).toBe("Slow down.");
    // Plural forms with no wait to choose by: the catalogue's own sentence, not a form for none.
    expect(problemMessage("rate_limited", words)).toBe(
      "Too many attempts. Please try again in a moment.",
    );
  });

  it("write the values of a merchant's own wording as the language does: numbers grouped, none left out", async () => {
    const german = (await loadMessages("de")) as Messages;
    const words = withOverrides("de", german, {
      stockLeft: "Noch {count} Stück",
      "problem.above_max": { one: "Höchstens {limit} Stück", other: "Höchstens {limit} Stück" },
      "problem.coupon_min_order": "Mindestbestellwert{minimum} nicht erreicht.",
    });
    expect(words.stockLeft({ count: 1500 })).toBe("Noch 1.500 Stück");
    expect(words["problem.above_max"]({ limit: 1_000_000 })).toBe("Höchstens 1.000.000 Stück");
    // An order's status by its German name, not its code.
    const checkout = withOverrides("de", german as Messages & typeof enCheckout, {
      status: "Stand: {status}",
      orderFailed: "Bestellung {status}.",
    });
    expect(checkout.status({ status: "awaiting_payment" })).toBe("Stand: wartet auf Zahlung");
    expect(checkout.orderFailed({ status: "expired" })).toBe("Bestellung abgelaufen.");
    // The merchant's own name for a status is the one their sentences write.
    const named = withOverrides("de", german as Messages & typeof enCheckout, {
      statusName: "„{status}“",
      status: "Stand: {status}",
    });
    expect(named.statusName({ status: "paid" })).toBe("„bezahlt“");
    expect(named.status({ status: "paid" })).toBe("Stand: „bezahlt“");
    // A minimum the proxy did not name is no word at all, not "false".
    expect(words["problem.coupon_min_order"]({ minimum: false })).toBe(
      "Mindestbestellwert nicht erreicht.",
    );
  });

  it("tell a wait in minutes in each language, and a moment where none is known", async () => {
    const told = async (locale: Locale, minutes: number) => {
      const words = locale === "en" ? { ...en, ...enCheckout } : await loadMessages(locale);
      return problemMessage("rate_limited", words, minutes);
    };
    expect(await told("en", 10)).toBe("Too many attempts. Please try again in 10 min.");
    expect(await told("de", 10)).toBe(
      "Zu viele Versuche. Bitte versuchen Sie es in 10 Min. erneut.",
    );
    expect(await told("fr", 10)).toBe("Trop de tentatives. Réessayez dans 10 min.");
    expect(await told("es", 3)).toBe("Demasiados intentos. Inténtalo de nuevo dentro de 3 min.");
    expect(await told("ja", 10)).toBe("試行回数が多すぎます。10分後にもう一度お試しください。");
    // The page's own requests, which it retries for the buyer, say a moment.
    expect(problemMessage("rate_limited")).toBe("Too many attempts. Please try again in a moment.");
    expect(problemMessage("rate_limited", await loadMessages("de"))).toBe(
      "Zu viele Versuche. Bitte versuchen Sie es gleich noch einmal.",
    );
    expect(problemMessage("rate_limited", await loadMessages("ja"))).toBe(
      "試行回数が多すぎます。少し待ってからもう一度お試しください。",
    );
  });

  it("take a number in a custom field as the page's language writes one (3,5, 1.000), send it as the platforms read it (3.5, 1000), and refuse one it could read two ways", async () => {
    const harness = createHarness();
    // English writes a decimal point: a comma is no decimal there (1,5 is not 1.5).
    await harness.kiosk.checkout({ productId: "custom-sprite" });
    const english = within(
      document.querySelector("[data-kiosk-checkout]")?.shadowRoot as unknown as HTMLElement,
    ).getByLabelText("Animation frames");
    fireEvent.input(english, { target: { value: "1,5" } });
    fireEvent.blur(english);
    await waitFor(() => expect(english.getAttribute("aria-invalid")).toBe("true"));
    harness.kiosk.close();
    // French groups with a space and writes a decimal comma: "1.000" is a thousand, or one.
    await setLocale("fr");
    await harness.kiosk.checkout({ productId: "custom-sprite" });
    const french = document.querySelector("[data-kiosk-checkout]")?.shadowRoot as ShadowRoot;
    const nombre = within(french as unknown as HTMLElement).getByLabelText("Animation frames");
    fireEvent.input(nombre, { target: { value: "1.000" } });
    fireEvent.blur(nombre);
    await waitFor(() => expect(nombre.getAttribute("aria-invalid")).toBe("true"));
    expect(french.getElementById(nombre.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      "Saisissez un nombre, par exemple 12 ou 3,5.",
    );
    fireEvent.input(nombre, { target: { value: "1 000" } });
    await waitFor(() => expect(nombre.getAttribute("aria-invalid")).toBeNull());
    harness.kiosk.close();
    await setLocale("de");
    await harness.kiosk.checkout({ productId: "custom-sprite" });
    const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
    const view = within(root as unknown as HTMLElement);
    const frames = view.getByLabelText("Animation frames");
    fireEvent.input(frames, { target: { value: "12.5" } });
    fireEvent.blur(frames);
    fireEvent.input(view.getByLabelText(/Discord username/), { target: { value: "pixelfan" } });
    fireEvent.input(view.getByLabelText(/E-Mail/), { target: { value: "buyer@example.com" } });
    // As the German message asks: "Geben Sie eine Zahl ein, etwa 12 oder 3,5."
    fireEvent.input(frames, { target: { value: "3,5" } });
    await waitFor(() => expect(frames.getAttribute("aria-invalid")).toBeNull());
    // Grouped as German groups: a thousand, never 1.
    fireEvent.input(frames, { target: { value: "1.000" } });
    expect(frames.getAttribute("aria-invalid")).toBeNull();
    const pay = await view.findByRole("button", { name: /bezahlen$/ });
    fireEvent.click(pay);
    await waitFor(() =>
      expect(harness.requests.some((request) => request.url.pathname === "/api/orders")).toBe(true),
    );
    const sent = harness.requests.find((request) => request.url.pathname === "/api/orders");
    expect(JSON.parse(sent?.body ?? "{}").fields).toEqual({ discord: "pixelfan", frames: "1000" });
  });

  it("take full-width digits, as a Japanese input method types them, in the quantity and a number field, and send them plain", async () => {
    const harness = createHarness();
    await setLocale("ja");
    await harness.kiosk.checkout({ productId: "custom-sprite" });
    const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot;
    const view = within(root as unknown as HTMLElement);
    const quantity = view.getByLabelText("数量");
    fireEvent.input(quantity, { target: { value: "２" } });
    const frames = view.getByLabelText("Animation frames");
    fireEvent.input(frames, { target: { value: "１２．５" } });
    fireEvent.blur(frames);
    fireEvent.input(view.getByLabelText(/Discord username/), { target: { value: "pixelfan" } });
    fireEvent.input(view.getByLabelText(/メールアドレス/), {
      target: { value: "buyer@example.com" },
    });
    expect(quantity.getAttribute("aria-invalid")).toBeNull();
    expect(frames.getAttribute("aria-invalid")).toBeNull();
    fireEvent.click(await view.findByRole("button", { name: /を支払う$/ }));
    await waitFor(() =>
      expect(harness.requests.some((request) => request.url.pathname === "/api/orders")).toBe(true),
    );
    const sent = harness.requests.find((request) => request.url.pathname === "/api/orders");
    const order = JSON.parse(sent?.body ?? "{}");
    expect(order.items[0].quantity).toBe(2);
    expect(order.fields).toEqual({ discord: "pixelfan", frames: "12.5" });
  });

  it("word a quantity past what any line may take as the product's maximum, written as the language writes numbers, and step no further", async () => {
    const harness = createHarness();
    await setLocale("de");
    // A service with no limit of its own and no stock count.
    await harness.kiosk.checkout({ productId: "setup-call" });
    const root = document.querySelector("[data-kiosk-checkout]")?.shadowRoot as ShadowRoot;
    const view = within(root as unknown as HTMLElement);
    const quantity = view.getByLabelText("Menge");
    fireEvent.input(quantity, { target: { value: "2000000" } });
    fireEvent.blur(quantity);
    await waitFor(() => expect(quantity.getAttribute("aria-invalid")).toBe("true"));
    const message = root.getElementById(quantity.getAttribute("aria-describedby") ?? "");
    expect(message?.textContent).toBe("Die Höchstmenge ist 1.000.000.");
    fireEvent.input(quantity, { target: { value: "1000000" } });
    await waitFor(() => expect(quantity.getAttribute("aria-invalid")).toBeNull());
    const more = view.getByRole("button", { name: "Menge erhöhen" });
    expect(more.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(more);
    expect((quantity as HTMLInputElement).value).toBe("1000000");
  });

  it("word the proxy's field codes in the page's language", async () => {
    await setLocale("de");
    const named = localNames(
      { "items.0.quantity": "Only 2 are left.", email: "Please fill this in." },
      {
        "items.0.quantity": { code: "above_stock", params: { limit: 2 } },
        email: { code: "required" },
      },
    );
    expect(named).toEqual({
      quantity: "Nur noch 2 verfügbar.",
      email: "Bitte füllen Sie dieses Feld aus.",
    });
  });
});
