import { describe, expect, it } from "vitest";
import { createdOrderSchema } from "../../src/core";
import { acceptedLanguages, type Locale, locales } from "../../src/core/locale";
import { pageStrings } from "../../src/server/views/page-strings";
import { messages as deMessages } from "../../src/widget/i18n/de";
import { enCheckout } from "../../src/widget/i18n/en-checkout";
import { messages as esMessages } from "../../src/widget/i18n/es";
import { messages as frMessages } from "../../src/widget/i18n/fr";
import { messages as jaMessages } from "../../src/widget/i18n/ja";
import { createTestApp, newKey, postJson, type TestApp } from "../factories/sandbox-app";

async function buyPage(testApp: TestApp, query: string, acceptLanguage?: string) {
  const response = await testApp.app.request(
    `/buy/pro-license${query}`,
    acceptLanguage ? { headers: { "accept-language": acceptLanguage } } : {},
  );
  expect(response.status).toBe(200);
  return response.text();
}

/** A fresh order's sandbox pay page path and token. */
async function payPath(testApp: TestApp) {
  const response = await testApp.app.request(
    "/api/orders",
    postJson(
      { items: [{ productId: "pro-license", quantity: 1 }], email: "b@example.com" },
      newKey(),
    ),
  );
  const url = new URL(createdOrderSchema.parse(await response.json()).checkoutUrl ?? "missing:");
  return { path: url.pathname, token: url.searchParams.get("token") ?? "" };
}

describe("the hosted pages' language", () => {
  it("follows Accept-Language, by preference and by language (de-AT is German)", async () => {
    const testApp = createTestApp();
    const german = await buyPage(testApp, "", "pt-BR, de-AT;q=0.8, en;q=0.5");
    expect(german).toContain('<html lang="de">');
    expect(german).toContain('<p class="price">29,99\u00a0$</p>');
    expect(german).toContain(">Jetzt kaufen</button>");
    const japanese = await buyPage(testApp, "", "en;q=0.1, ja");
    expect(japanese).toContain('<html lang="ja">');
    expect(japanese).toContain(">今すぐ購入</button>");
  });

  it("lets a lang parameter win, and answers English for anything it does not ship", async () => {
    const testApp = createTestApp();
    const french = await buyPage(testApp, "?lang=fr-CA&quantity=2", "de");
    expect(french).toContain('<html lang="fr">');
    expect(french).toContain(">Acheter maintenant</button>");
    const unknown = await buyPage(testApp, "?lang=xx", "sv");
    expect(unknown).toContain('<html lang="en">');
    expect(unknown).toContain(">Buy now</button>");
  });

  it("words the sandbox pay page and its result, with the total in that locale", async () => {
    const testApp = createTestApp();
    const { path, token } = await payPath(testApp);
    const page = await (
      await testApp.app.request(`${path}?token=${token}&lang=de`, {
        headers: { "accept-language": "en" },
      })
    ).text();
    expect(page).toContain('<html lang="de">');
    expect(page).toContain("<h1>Sandbox-Zahlung</h1>");
    expect(page).toContain("29,99\u00a0$");
    expect(page).toContain(`action="${path}?lang=de"`);
    const paid = await testApp.app.request(`${path}?lang=de`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token, outcome: "paid" }).toString(),
    });
    // Back to the pay page's address, in the page's language still.
    const back = paid.headers.get("location") ?? "";
    expect(back).toBe(`${path}?lang=de&token=${encodeURIComponent(token)}`);
    expect(await (await testApp.app.request(back)).text()).toContain("<h1>Zahlung erhalten</h1>");
  });

  it("reads Accept-Language by weight, leaving out * and q=0", () => {
    expect(acceptedLanguages("fr;q=0.5, *, es;q=0, ja;q=0.9, de")).toEqual(["de", "ja", "fr"]);
    expect(acceptedLanguages(undefined)).toEqual([]);
  });
});

describe("the hosted pages' words beside the widget's", () => {
  it("name the coupon code as the checkout does, in every language", () => {
    const checkout: Record<Locale, string> = {
      en: enCheckout.coupon,
      de: deMessages.coupon,
      fr: frMessages.coupon,
      es: esMessages.coupon,
      ja: jaMessages.coupon,
    };
    for (const locale of locales) {
      const said = pageStrings(locale).problem({ parameter: "coupon", code: "too_long", max: 64 });
      expect([locale, said.toLowerCase()]).toEqual([
        locale,
        expect.stringContaining(checkout[locale].toLowerCase()),
      ]);
    }
  });
});
