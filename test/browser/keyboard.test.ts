import { describe, expect, it } from "vitest";
import { focused, tabTo } from "./accessibility-checks";
import { currentContext, merchantPage, useMerchantPages } from "./merchant-page";

/* A purchase with the keyboard alone: focus stays in the dialog and comes back to what opened it. */

useMerchantPages();

describe("the keyboard alone", () => {
  it("a keyboard-only buyer buys, pays, copies the key, and is back on the Buy button", async () => {
    const { page } = await merchantPage(`<main>
      <h1>Forge tools</h1>
      <p><a href="#top">Home</a></p>
      <div data-kiosk-product="pro-license"></div>
    </main>`);
    const context = currentContext();
    if (!context) throw new Error("no browser context");
    await context.grantPermissions(["clipboard-read", "clipboard-write"], {
      origin: new URL(page.url()).origin,
    });
    await page.getByRole("heading", { name: /Forge Studio Pro/ }).waitFor();

    const opener = await tabTo(page, (element) => element.name === "Buy" && !element.inDialog);
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Checkout" });
    await dialog.getByRole("button", { name: /^Pay \$/ }).waitFor();
    expect((await focused(page)).inDialog, "focus moves into the dialog").toBe(true);

    // Round the dialog both ways, past its last and first control: focus never leaves it.
    for (const key of ["Tab", "Shift+Tab"]) {
      const names: string[] = [];
      for (let step = 0; step < 16; step++) {
        await page.keyboard.press(key);
        const element = await focused(page);
        expect(element.inDialog, `${key} ${step + 1} stays in the dialog (${element.name})`).toBe(
          true,
        );
        names.push(element.name);
      }
      expect(names, `${key} comes round again`).toContain("Close");
      expect(new Set(names).size).toBeLessThan(names.length);
    }

    // A step back to the least quantity: the button at its limit keeps the focus, in the dialog.
    await tabTo(page, (element) => element.name === "Increase quantity");
    await page.keyboard.press("Enter");
    await tabTo(page, (element) => element.name === "Decrease quantity");
    await page.keyboard.press("Enter");
    await expect.poll(() => dialog.getByLabel("Quantity", { exact: true }).inputValue()).toBe("1");
    expect(await focused(page)).toMatchObject({ name: "Decrease quantity", inDialog: true });

    // Pay with no email: focus goes to the field to fix. (Pay names a price once the quote for
    // the quantity stepped back to has come.)
    await dialog.getByRole("button", { name: /^Pay \$/ }).waitFor();
    await tabTo(page, (element) => /^Pay \$/.test(element.name));
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await focused(page)).type).toBe("email");
    await page.keyboard.type("buyer@example.com");
    const popup = context.waitForEvent("page");
    await tabTo(page, (element) => /^Pay \$/.test(element.name));
    await page.keyboard.press("Enter");
    const payment = await popup;
    await payment.waitForURL(/\/sandbox\/pay\/[^?]+\?token=/);
    await tabTo(payment, (element) => element.name === "Pay");
    await payment.keyboard.press("Enter");
    await payment.getByRole("heading", { name: "Payment received" }).waitFor();

    // Back in the shop's window: the key is there, and focus with it.
    await page.bringToFront();
    await dialog.getByText("Thank you! Your order is complete.").waitFor();
    // Focus moves once the new step is drawn, which the text above may beat by a turn.
    await expect
      .poll(async () => (await focused(page)).name, {
        message: "focus stays in the dialog as its steps change: on the Copy button",
      })
      .toBe("Copy");
    const key = (await dialog.locator(".items code").first().textContent()) ?? "";
    expect(key).toMatch(/\S{8,}/);
    await tabTo(page, (element) => element.name === "Copy");
    await page.keyboard.press("Enter");
    await dialog.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await focused(page), "focus is back on the Buy button").toEqual(opener);
  });
});
