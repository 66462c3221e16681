import { describe, expect, it } from "vitest";
import { createdOrderSchema } from "../../src/core";
import { darkTheme, lightTheme } from "../../src/core/theme";
import { createApp } from "../../src/server/app";
import { createSandboxPlatform } from "../../src/server/platforms/sandbox";
import { createPlatform as createSxPlatform } from "../../src/server/platforms/sx";
import type { StaticFiles } from "../../src/server/routes/assets";
import { baseCss } from "../../src/widget/styles";
import {
  createCapturingLogger,
  demoCatalog,
  newKey,
  payOnSandboxPage,
  postJson,
} from "../factories/sandbox-app";

/** The proxy on the demo sandbox, with the merchant's site set when `shopUrl` is given. */
function shopApp(shopUrl?: string) {
  return createApp({
    platform: createSandboxPlatform(demoCatalog()),
    logger: createCapturingLogger(),
    ...(shopUrl ? { shopUrl } : {}),
  });
}

type App = ReturnType<typeof shopApp>;

async function page(app: App, path: string, language = "en") {
  const response = await app.request(path, { headers: { "accept-language": language } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The refused parameters' list items, tags stripped: `quantity: “abc” is not a whole number.` */
function problems(text: string): string[] {
  return [...text.matchAll(/<li><code>([^<]*)<\/code>: ([^<]*)<\/li>/g)].map(
    ([, name, words]) => `${name}: ${words}`,
  );
}

async function payPath(app: App) {
  const response = await app.request(
    "/api/orders",
    postJson(
      { items: [{ productId: "team-seats", quantity: 2 }], email: "b@example.com" },
      newKey(),
    ),
  );
  const url = new URL(createdOrderSchema.parse(await response.json()).checkoutUrl ?? "missing:");
  return `${url.pathname}${url.search}`;
}

describe("the hosted buy page", () => {
  it("shows the store's name and links back to the merchant's site when it is set", async () => {
    const { status, headers, text } = await page(
      shopApp("https://shop.example/tools"),
      "/buy/team-seats?quantity=3&variant=&utm_source=mail",
    );
    expect(status).toBe(200);
    expect(headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(text).toContain('<span class="store">Pixel Forge (demo)</span>');
    expect(text).toContain(
      '<a class="back" href="https://shop.example/tools">Back to Pixel Forge (demo)</a>',
    );
    expect(text).toContain("<title>Team Seats (2–5 per order) · Pixel Forge (demo)</title>");
    // An icon of its own (none), which its policy allows: the browser asks for no /favicon.ico,
    // which the proxy would answer 404 in the page's console.
    expect(text).toContain('<link rel="icon" href="data:," />');
    expect(headers.get("content-security-policy")).toMatch(/img-src [^;]*data:/);
    expect(text).toMatch(/data-kiosk-buy="team-seats" data-kiosk-open data-kiosk-quantity="3">/);
    // The product itself, drawn on the page: its name, price, sanitized description and image.
    expect(text).toContain("<h1>Team Seats (2–5 per order)</h1>");
    expect(text).toContain('<p class="price">$19.50</p>');
    expect(text).toContain("<strong>at least 2 and at most 5</strong>");
    expect(text).toContain(
      '<img class="media" src="http://localhost/demo/images/team-seats.svg" alt="" />',
    );

    const plain = await page(shopApp(), "/buy/team-seats");
    expect(plain.text).toContain('<span class="store">Pixel Forge (demo)</span>');
    expect(plain.text).not.toContain('class="back"');
  });

  it("wears the widget's colours, light and dark, from the one place the widget takes them", async () => {
    const { text } = await page(shopApp(), "/buy/pro-license");
    for (const tokens of [lightTheme, darkTheme]) {
      expect(baseCss).toContain(tokens);
      expect(text).toContain(tokens);
    }
    expect(text).toContain("@media (prefers-color-scheme:dark){:root{--a:");
    // A style element's text is not HTML: its quotes must stay quotes.
    expect(text).toContain('"Segoe UI"');
  });

  it("asks in its HTML for the code, the product and the settings its checkout needs", async () => {
    // The widget build as a folder in memory, read as the proxy reads files.
    const disk = new Map<string, { bytes: Uint8Array; modified: number }>();
    const write = (path: string, text: string, modified: number) =>
      disk.set(path, { bytes: new TextEncoder().encode(text), modified });
    const files: StaticFiles = {
      stat: async (path) => {
        const file = disk.get(path);
        return file ? { size: file.bytes.byteLength, modified: file.modified } : undefined;
      },
      read: async (path) => disk.get(path)?.bytes,
    };
    const manifest = (hash: string) =>
      JSON.stringify({
        "src/widget/embed-entry.ts": { file: `kiosk-${hash}.js`, isEntry: true },
        "src/widget/checkout/open-checkout.ts": {
          file: `open-checkout-${hash}.js`,
          imports: ["src/widget/embed-entry.ts", "src/widget/checkout/shared.ts"],
        },
        "src/widget/checkout/shared.ts": { file: "../shared.js" },
        "src/widget/theme.ts": { file: `theme-${hash}.js` },
        "src/widget/i18n/de.ts": { file: `de-${hash}.js` },
        "src/widget/i18n/fr.ts": { file: `fr-${hash}.js` },
      });
    const app = createApp({
      platform: createSandboxPlatform(demoCatalog()),
      logger: createCapturingLogger(),
      widgetDir: "/widget",
      files,
    });
    const preloads = (text: string) =>
      [...text.matchAll(/<link rel="[^"]*preload"[^>]*>/g)].map(([tag]) => tag);
    const fetches = [
      '<link rel="preload" as="fetch" crossorigin href="/api/products?ids=team-seats">',
      '<link rel="preload" as="fetch" crossorigin href="/api/store">',
    ];

    // Without a build's manifest: the product and the store's settings only.
    expect(preloads((await page(app, "/buy/team-seats")).text)).toEqual(fetches);

    write("/widget/chunks/.vite/manifest.json", manifest("A1"), 1);
    const german = await page(app, "/buy/team-seats", "de");
    expect(preloads(german.text)).toEqual([
      '<link rel="modulepreload" href="/chunks/kiosk-A1.js">',
      '<link rel="modulepreload" href="/chunks/open-checkout-A1.js">',
      '<link rel="modulepreload" href="/chunks/theme-A1.js">',
      '<link rel="modulepreload" href="/chunks/de-A1.js">',
      ...fetches,
    ]);
    // Before the loader, so the browser asks for them all at once.
    expect(german.text.indexOf("modulepreload")).toBeLessThan(german.text.indexOf("embed.js"));
    // English is in the page code: no language chunk. A name the chunk route would not serve
    // (`../shared.js`) is never asked for.
    const english = await page(app, "/buy/team-seats");
    expect(preloads(english.text).filter((tag) => tag.includes("/chunks/"))).toHaveLength(3);
    expect(english.text).not.toContain("shared.js");

    // A new build is read as it lands.
    write("/widget/chunks/.vite/manifest.json", manifest("B2"), 2);
    expect((await page(app, "/buy/team-seats")).text).toContain(
      '<link rel="modulepreload" href="/chunks/kiosk-B2.js">',
    );
    // A broken manifest asks for no chunk, and the page still works.
    for (const [broken, modified] of [
      ["{not json", 3],
      ['{"src/widget/embed-entry.ts":{"file":"kiosk-C3.js","isEntry":true,"imports":5}}', 4],
    ] as const) {
      write("/widget/chunks/.vite/manifest.json", broken, modified);
      const answer = await page(app, "/buy/team-seats");
      expect(answer.status).toBe(200);
      expect(preloads(answer.text).filter((tag) => tag.includes("/chunks/"))).toEqual(
        modified === 4 ? ['<link rel="modulepreload" href="/chunks/kiosk-C3.js">'] : [],
      );
    }
  });

  it("refuses each bad parameter with a 400 page naming it, in the page's language", async () => {
    const app = shopApp("https://shop.example");
    const cases: Array<[string, string]> = [
      ["quantity=abc", "quantity: “abc” is not a whole number."],
      ["quantity=2.5", "quantity: “2.5” is not a whole number."],
      ["quantity=-1", "quantity: “-1” is not a whole number."],
      ["quantity=1", "quantity: 1 is not possible: choose from 2 to 5."],
      ["quantity=6", "quantity: 6 is not possible: choose from 2 to 5."],
      ["variant=lifetime", "variant: “lifetime” is not an option of this product."],
      ["email=not-an-address", "email: “not-an-address” is not an email address."],
      [`coupon=${"X".repeat(65)}`, "coupon: a coupon code has at most 64 characters."],
      ["lang=%3Cb%3E", "lang: “&lt;b&gt;” is not a language tag (such as de or fr-CA)."],
      ["quantity=2&quantity=3", "quantity: appears more than once."],
    ];
    for (const [query, expected] of cases) {
      const { status, headers, text } = await page(app, `/buy/team-seats?${query}`);
      expect(status, query).toBe(400);
      expect(headers.get("content-type")).toMatch(/^text\/html/);
      expect(problems(text), query).toEqual([expected]);
      expect(text).not.toContain("data-kiosk-open");
      expect(text).toContain('class="back" href="https://shop.example/"');
    }
    // The stock caps a product with a pool: twelve keys, so thirteen cannot be ordered.
    const stock = await page(app, "/buy/pro-license?quantity=13");
    expect(problems(stock.text)).toEqual(["quantity: 13 is not possible: choose from 1 to 12."]);
    // Past what any line may take, on a product without a limit of its own: the range it has.
    const huge = await page(app, "/buy/setup-call?quantity=5000000");
    expect(problems(huge.text)).toEqual([
      "quantity: 5,000,000 is not possible: choose from 1 to 1,000,000.",
    ]);
    // Numbers as the page's language writes them.
    const german = await page(app, "/buy/setup-call?quantity=5000000&lang=de");
    expect(problems(german.text)).toEqual([
      "quantity: 5.000.000 ist nicht möglich: Wählen Sie 1 bis 1.000.000.",
    ]);
    // A variant's own range, and a product without variants.
    expect((await page(app, "/buy/cloud-sync?variant=yearly&quantity=2")).status).toBe(200);
    expect(problems((await page(app, "/buy/pro-license?variant=x")).text)).toHaveLength(1);
  });

  it("lists every refused parameter at once and offers the link without them", async () => {
    const { status, text } = await page(
      shopApp(),
      "/buy/team-seats?quantity=abc&email=x&coupon=WELCOME10&lang=de",
      "en",
    );
    expect(status).toBe(400);
    expect(text).toContain('<html lang="de">');
    expect(text).toContain("<h1>Dieser Kauflink ist so nicht verwendbar</h1>");
    expect(problems(text)).toEqual([
      "quantity: „abc“ ist keine ganze Zahl.",
      "email: „x“ ist keine E-Mail-Adresse.",
    ]);
    expect(text).toContain(
      '<a href="/buy/team-seats?coupon=WELCOME10&amp;lang=de">Ohne das oben Genannte fortfahren</a>',
    );
  });

  it("offers the other parameters as they were written, and cuts a long refused value between characters", async () => {
    // A campaign's parameter with an encoding of its own, and a refused name written encoded.
    const { status, text } = await page(
      shopApp(),
      `/buy/team-seats?utm_source=a%ffb&qu%61ntity=x&ref=c%2Bd+e&variant=${"😀".repeat(20)}x`,
    );
    expect(status).toBe(400);
    expect(text).toContain('<a href="/buy/team-seats?utm_source=a%ffb&amp;ref=c%2Bd+e">');
    // 41 UTF-16 units but 21 characters, shown whole: cut at 39 units, half an emoji read U+FFFD.
    expect(text).toContain(`“${"😀".repeat(20)}x”`);
    expect(text).not.toContain("\uFFFD");
  });

  it("links back to the shop by its host when the store's name is nothing but direction controls", async () => {
    const catalog = demoCatalog();
    catalog.store.name = "\u202E\u2066";
    const app = createApp({
      platform: createSandboxPlatform(catalog),
      logger: createCapturingLogger(),
      shopUrl: "https://shop.example",
    });
    const { text } = await page(app, "/buy/team-seats");
    expect(text).toContain('<a class="back" href="https://shop.example/">Back to shop.example</a>');
  });

  it("words the refusal in each shipped language", async () => {
    const app = shopApp();
    const expected: Record<string, string> = {
      fr: "quantity: 9 n’est pas possible\u202f: choisissez de 2 à 5.",
      es: "quantity: 9 no es posible: elige de 2 a 5.",
      ja: "quantity: 9 は選べません。2〜5 の範囲でお選びください。",
    };
    for (const [language, words] of Object.entries(expected)) {
      const { text } = await page(app, "/buy/team-seats?quantity=9", language);
      expect(problems(text)).toEqual([words]);
    }
  });

  it("says Sold out beside the price of what cannot be had, and prices the option the link names", async () => {
    const app = shopApp();
    const priceLine = (text: string) =>
      /<p class="price">(.*?)<\/p>/.exec(text)?.[1]?.replace(/<[^>]+>/g, "");
    const sold = await page(app, "/buy/retro-pack");
    expect(sold.status).toBe(200);
    expect(priceLine(sold.text)).toBe("$9.99 Sold out");
    expect(priceLine((await page(app, "/buy/retro-pack", "de")).text)).toBe(
      "9,99\u00a0$ Ausverkauft",
    );
    expect(priceLine((await page(app, "/buy/pro-license")).text)).toBe("$29.99");
    expect(priceLine((await page(app, "/buy/cloud-sync?variant=founder")).text)).toBe("$99.00");
    expect(priceLine((await page(app, "/buy/cloud-sync")).text)).toBe("$4.99");
    // The page's buttons look unavailable when the widget disables them.
    expect(sold.text).toContain("button:disabled{cursor:not-allowed;opacity:.55}");
  });

  it("escapes what the link says", async () => {
    const { status, text } = await page(
      shopApp(),
      `/buy/team-seats?email=${encodeURIComponent('"><script>alert(1)</script>@x')}`,
    );
    expect(status).toBe(400);
    expect(text).not.toContain("<script>alert");
    expect(text).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@x");
  });

  it("answers 404 for a product that does not exist or is hidden, in the buyer's language", async () => {
    for (const id of ["no-such-thing", "internal-beta"]) {
      const { status, text } = await page(shopApp(), `/buy/${id}`, "es");
      expect(status).toBe(404);
      expect(text).toContain("<h1>Este producto no está disponible</h1>");
      expect(text).not.toContain("embed.js");
    }
  });

  it("answers a 503 page, in the buyer's language, when the platform cannot be reached", async () => {
    // A real adapter whose platform is a closed port: every read fails at once.
    const platform = createSxPlatform({
      secretKey: "sx_test_closed_port_key_0123",
      apiBase: "http://127.0.0.1:9",
      logger: createCapturingLogger(),
      upstream: { sleep: async () => {} },
    });
    const app = createApp({ platform, logger: createCapturingLogger() });
    const { status, text } = await page(app as App, "/buy/prod_01J2PVQR41", "ja");
    expect(status).toBe(503);
    expect(text).toContain("<h1>現在ショップに接続できません</h1>");
    expect(text).not.toContain("embed.js");
  });

  it("leaves a shipped language out of the question: an unshipped one is not an error", async () => {
    const { status, text } = await page(shopApp(), "/buy/pro-license?lang=pt-BR", "fr");
    expect(status).toBe(200);
    expect(text).toContain('<html lang="fr">');
  });
});

describe("the sandbox pay page", () => {
  it("shows the store's name, the way back and the widget's buttons, before and after paying", async () => {
    const app = shopApp("https://shop.example/");
    const path = await payPath(app);
    const { text } = await page(app, path);
    expect(text).toContain('<span class="store">Pixel Forge (demo)</span>');
    expect(text).toContain('<a class="back" href="https://shop.example/">Back to Pixel Forge');
    expect(text).toContain('<button type="submit" class="primary">Pay</button>');
    expect(text).toContain('<button type="submit" class="ghost">Fail</button>');
    expect(text).toContain(lightTheme);
    const paid = await payOnSandboxPage(app, path);
    expect(paid.status).toBe(303);
    const result = await (await app.request(paid.headers.get("location") ?? "")).text();
    expect(result).toContain("<h1>Payment received</h1>");
    expect(result).toContain('<a class="back" href="https://shop.example/">');
  });
});

describe("the merchant's site", () => {
  it("must be an http(s) URL", () => {
    const platform = createSandboxPlatform(demoCatalog());
    expect(() => createApp({ platform, shopUrl: "javascript:alert(1)" })).toThrow(
      /shopUrl must be an http\(s\) URL/,
    );
  });
});
