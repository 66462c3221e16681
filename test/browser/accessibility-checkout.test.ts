import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { contrastRatio, parseColor, type Rgb } from "../../src/core";
import { expectNoViolations, focused, politeRegions, shop } from "./accessibility-checks";
import { currentContext, merchantPage, proxyOrigin, useMerchantPages } from "./merchant-page";

/* axe-core over the checkout dialog at each step, the pay page and the hosted buy page, light and dark. */

useMerchantPages();

describe("accessibility of the checkout (axe-core, light and dark)", () => {
  it("draws every text field's border 3:1 against its background (WCAG 1.4.11), light and dark", async () => {
    const { page } = await merchantPage(shop);
    await page.getByRole("searchbox").waitFor();
    await page.getByRole("button", { name: "Buy", exact: true }).first().click();
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    await dialog.getByRole("button", { name: /^Pay \$/ }).waitFor();
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const fields = await fieldBorders(page);
      // The storefront's search, and the checkout's quantity, email and coupon at least.
      expect(fields.length, scheme).toBeGreaterThanOrEqual(4);
      for (const field of fields) {
        const ratio = contrastRatio(
          parseColor(field.border) as Rgb,
          parseColor(field.background) as Rgb,
        );
        expect(ratio, `${scheme} ${field.name}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it("the checkout dialog has no violations on the form, with errors, while paying and delivered", async () => {
    const { page } = await merchantPage(shop);
    await page
      .getByRole("heading", { name: /Forge Studio Pro/ })
      .first()
      .waitFor();
    await page.getByRole("button", { name: "Buy", exact: true }).first().click();
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    await dialog.getByRole("button", { name: /^Pay \$/ }).waitFor();
    await expectNoViolations(page, "the checkout form");
    const announcer = dialog.locator('[data-kiosk="announcer"]');
    await expect
      .poll(() => politeRegions(page))
      .toEqual([expect.stringMatching(/^The total is \$\d+\.\d\d\.$/)]);

    await dialog.getByLabel("Coupon code").fill("WELCOME10");
    await dialog.getByRole("button", { name: "Apply" }).click();
    await announcer.getByText(/^Code WELCOME10 accepted\. The total is \$/).waitFor();

    await dialog.getByRole("button", { name: /^Pay \$/ }).click();
    const email = dialog.getByLabel(/Email for delivery/);
    await dialog
      .getByRole("alert")
      .filter({ hasText: "Please check the highlighted fields." })
      .waitFor();
    // Each field's problem is read with the field.
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    const described = await email.evaluate((input) => {
      const ids = input.getAttribute("aria-describedby")?.split(" ") ?? [];
      const root = input.getRootNode() as ShadowRoot;
      return ids.map((id) => root.getElementById(id)?.textContent ?? "").join(" ");
    });
    expect(described).toMatch(/.+/);
    await expectNoViolations(page, "the form with its errors");

    await dialog.getByLabel(/Email for delivery/).fill("buyer@example.com");
    const popup = currentContext()?.waitForEvent("page");
    await dialog.getByRole("button", { name: /^Pay \$/ }).click();
    const payment = await popup;
    if (!payment) throw new Error("no payment window");
    await dialog.getByText(/Complete the payment in the new window/).waitFor();
    await expectNoViolations(page, "waiting for payment");
    await expect
      .poll(() => politeRegions(page))
      .toEqual([expect.stringMatching(/^(Waiting for your payment\.|Order update: .+\.)$/)]);

    await payment.waitForURL(/\/sandbox\/pay\/[^?]+\?token=/);
    await expectNoViolations(payment, "the sandbox pay page");
    await payment.getByRole("button", { name: "Pay" }).click();
    await dialog.getByText("Thank you! Your order is complete.").waitFor();
    await expectNoViolations(page, "the delivered order");
    expect(await politeRegions(page)).toEqual(["Your order is complete."]);

    // The proxy's hosted pages, in the payment window already open: the buy page (its checkout
    // opens by itself, over the page) and a link it refuses.
    await payment.goto(`${proxyOrigin()}/buy/team-seats?quantity=3`);
    await payment
      .getByRole("dialog", { name: "Checkout" })
      .getByRole("button", { name: /^Pay \$/ })
      .waitFor();
    await expectNoViolations(payment, "the hosted buy page with its checkout open");
    await payment.goto(`${proxyOrigin()}/buy/team-seats?quantity=abc`);
    await expectNoViolations(payment, "the hosted page refusing a link");
  });

  it("keeps the focus on a choice as it turns into a read-only box while the order is being created, and back", async () => {
    const { page } = await merchantPage(`<main><h1>Forge tools</h1>
      <div data-kiosk-product="cloud-sync"></div></main>`);
    // Each order is held until the test lets it fail: the form stays read-only till then.
    const answers: Array<() => void> = [];
    await page.route(/\/api\/orders$/, async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      await new Promise<void>((resolve) => answers.push(resolve));
      await route.abort("failed");
    });
    await page.getByRole("button", { name: /^Buy/ }).first().click();
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    const pay = dialog.getByRole("button", { name: /^Pay \$/ });
    await pay.waitFor();
    await dialog.getByLabel(/Email for delivery/).fill("buyer@example.com");
    const method = { name: "Payment method", inDialog: true };
    const refused = dialog.getByRole("alert").filter({ hasText: "could not be reached" });

    // Pay by Enter from the email, then Tab on through the read-only form: the method's box is
    // read with its label and value, and keeps the focus when the refused order unlocks it.
    await page.keyboard.press("Enter");
    await dialog.getByRole("textbox", { name: "Option" }).waitFor();
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ tag: "INPUT", ...method });
    expect(await dialog.getByRole("textbox", { name: "Payment method" }).inputValue()).toBe("Card");
    await expectNoViolations(page, "the form while the order is being created");
    answers.shift()?.();
    await refused.waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ tag: "SELECT", ...method });

    // Pay activated while the focus stays on the select: it stays on the box that replaces it.
    await pay.dispatchEvent("click");
    await dialog.getByRole("textbox", { name: "Payment method" }).waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ tag: "INPUT", ...method });
    answers.shift()?.();
    await expect.poll(() => focused(page)).toMatchObject({ tag: "SELECT", ...method });
  });
});

/** Each visible text field and select in the page's shadow roots: its border and background. */
function fieldBorders(page: Page) {
  return page.evaluate(() => {
    const roots: ParentNode[] = [document];
    for (const element of document.querySelectorAll("*")) {
      if (element.shadowRoot) roots.push(element.shadowRoot);
    }
    return roots.flatMap((root) =>
      [
        ...root.querySelectorAll<HTMLElement>(
          "input:not([type=radio],[type=checkbox]),select,textarea",
        ),
      ]
        .filter((field) => field.getClientRects().length > 0)
        .map((field) => {
          const style = getComputedStyle(field);
          return {
            name: field.getAttribute("aria-label") ?? field.id ?? field.tagName,
            border: style.borderTopColor,
            background: style.backgroundColor,
          };
        }),
    );
  });
}
