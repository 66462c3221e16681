import { describe, expect, it } from "vitest";
import { demoCatalog } from "./harness";
import { openSite, proxyOrigin, useMerchantPages } from "./merchant-page";

// A card with everything a card can show: two badges, a description longer than three lines and
// a variant select, beside one with none of them.
const catalog = demoCatalog();
const full = catalog.products.find((candidate) => candidate.id === "cloud-sync");
if (!Array.isArray(full?.variants) || full.variants.length === 0) {
  throw new Error("the demo catalog has no cloud-sync with variants");
}
full.badges = ["new", "best_seller"];
full.description =
  "Sync projects across devices. Choose a plan that suits your studio, from one month to a lifetime with founders' perks and priority support for all of your team.";
// A description whose link is past its third line.
const linked = catalog.products.find((candidate) => candidate.id === "starter-account");
if (!linked) throw new Error("the demo catalog has no starter-account");
linked.description =
  "A ready account with 10 GB of project storage, shared folders, version history and a year of updates for every seat on the plan.\n\n- Fast sync\n- Daily backups\n\nRead [the storage terms](https://shop.example/terms) before you buy.";
// A name of one word longer than a card is wide (German compounds, product codes).
const call = catalog.products.find((candidate) => candidate.id === "setup-call");
if (!call) throw new Error("the demo catalog has no setup-call");
catalog.products.push({
  ...call,
  id: "long-word",
  name: "Softwareentwicklungsumgebungslizenzschlüssel Premium",
});
// An everyday price in Iraqi dinars, which have three places: "25.000,000 IQD" in German.
catalog.products.push({
  ...call,
  id: "dinar-course",
  name: "Online course",
  currency: "IQD",
  price: "25000",
});
useMerchantPages({ catalog });

/** Each part of a card's body: its box, and the height its content asks for. */
interface Part {
  readonly name: string;
  readonly top: number;
  readonly bottom: number;
  readonly height: number;
  readonly needs: number;
}

/**
 * Opens a merchant page in `lang` that loads `embed.js`, with `body` in a body of no margin (and
 * `bodyStyle`), at `viewport`'s size where one is given; a page with a viewport has its meta tag.
 */
async function openEmbedPage(
  body: string,
  options: { lang?: string; bodyStyle?: string; viewport?: { width: number; height: number } } = {},
) {
  const { lang = "en", bodyStyle = "", viewport } = options;
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">${
    viewport ? '<meta name="viewport" content="width=device-width">' : ""
  }<script src="${proxyOrigin()}/embed.js" defer></script></head>
    <body style="margin:0${bodyStyle}">${body}</body></html>`;
  const { page, origin } = await openSite(html);
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(origin);
  return page;
}

describe("a card's layout", () => {
  it("keeps every line of its text whole on a card with badges, a long description and variants: its picture gives way", async () => {
    const page = await openEmbedPage(
      `<div style="width:240px" data-kiosk-product="cloud-sync"></div> <div style="width:240px" data-kiosk-product="retro-pack"></div>`,
      { bodyStyle: ";display:flex;gap:16px" },
    );
    await page.getByRole("button", { name: /^Buy/ }).first().waitFor();
    const cards = await page.evaluate(() =>
      ["cloud-sync", "retro-pack"].map((id) => {
        const root = document.querySelector(`[data-kiosk-product="${id}"]`)?.shadowRoot;
        const card = root?.querySelector("article") as HTMLElement;
        const box = card.getBoundingClientRect();
        const media = card.querySelector(".media")?.getBoundingClientRect().height ?? 0;
        const parts = [...(card.querySelector(".body")?.children ?? [])].map((part) => {
          const rect = part.getBoundingClientRect();
          // A line-clamped description asks for more than it shows by design: a whole line of
          // it is what it needs.
          const needs = part.classList.contains("desc")
            ? Number.parseFloat(getComputedStyle(part).lineHeight) || 20
            : part.scrollHeight;
          return {
            name: part.className || part.tagName.toLowerCase(),
            top: rect.top - box.top,
            bottom: box.bottom - rect.bottom,
            height: rect.height,
            needs,
          };
        });
        // The variant select's label, shown above it rather than to a screen reader alone.
        const label = card.querySelector(".body > label > span")?.getBoundingClientRect();
        return { height: box.height, media, parts, label: label && [label.width, label.height] };
      }),
    );
    const [crowded, plain] = cards;
    if (!crowded || !plain) throw new Error("two cards expected");
    // Both cards keep the height the page reserved, the full one with every part it shows.
    expect(crowded.height).toBe(432);
    expect(plain.height).toBe(432);
    // (The variant select is in its label.)
    expect(crowded.parts.map((part) => part.name)).toEqual([
      "name",
      "row",
      "badges",
      "desc",
      "label",
      "buy",
    ]);
    const [labelWidth = 0, labelHeight = 0] = crowded.label ?? [];
    expect(labelWidth).toBeGreaterThan(30);
    expect(labelHeight).toBeGreaterThan(12);
    // No part is squeezed below what its content needs (the name was cut to half a line), and
    // every part, Buy last, sits inside the card.
    const squeezed = (parts: Part[]) =>
      parts.filter((part) => part.height + 0.5 < part.needs).map((part) => part.name);
    expect(squeezed(crowded.parts)).toEqual([]);
    expect(crowded.parts.every((part) => part.bottom >= 0)).toBe(true);
    // The room came from the picture: shorter than the plain card's, which is as designed.
    expect(crowded.media).toBeLessThan(plain.media);
    expect(plain.media).toBeCloseTo(432 * 0.42, 0);
  });

  it("shows a name of two lines whole on a phone-width card, its picture giving the room", async () => {
    const page = await openEmbedPage(
      `<div style="width:280px" data-kiosk-product="pro-license"></div>`,
    );
    const heading = page.getByRole("heading", { name: /Forge Studio Pro/ });
    await heading.waitFor();
    const shown = await heading.evaluate((name) => {
      const card = name.closest("article") as HTMLElement;
      const buy = card.querySelector(".buy") as HTMLElement;
      return {
        whole: name.scrollHeight <= name.clientHeight + 0.5,
        wraps: name.getClientRects().length > 0 && name.getBoundingClientRect().height > 30,
        buyInside: buy.getBoundingClientRect().bottom <= card.getBoundingClientRect().bottom,
        height: card.getBoundingClientRect().height,
      };
    });
    // "Forge Studio Pro — License Key" does not fit one line at this width: all of it shows.
    expect(shown).toMatchObject({ whole: true, wraps: true, buyInside: true, height: 432 });
  });

  it("breaks a name of one word longer than the card is wide, within the card, rather than cut it off", async () => {
    const page = await openEmbedPage(
      `<div style="width:240px" data-kiosk-product="long-word"></div>`,
      { lang: "de" },
    );
    const heading = page.getByRole("heading", { name: /Softwareentwicklung/ });
    await heading.waitFor();
    const shown = await heading.evaluate((name) => ({
      overflows: name.scrollWidth - name.clientWidth,
      lines: Math.round(
        name.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(name).lineHeight),
      ),
    }));
    expect(shown.overflows).toBeLessThanOrEqual(0);
    expect(shown.lines).toBe(2);
  });

  it("keeps a price on one line on the narrowest card, its currency whole: the stock beside it wraps instead", async () => {
    const page = await openEmbedPage(
      `<div style="width:240px" data-kiosk-product="dinar-course"></div>`,
      { lang: "de" },
    );
    const price = page.getByText("25.000,000 IQD");
    await price.waitFor();
    const shown = await price.evaluate((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      const card = element.closest("article")?.getBoundingClientRect();
      return {
        // "25.000,000 IQ" over "D" was two lines.
        lines: new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size,
        inside: (card?.right ?? 0) - element.getBoundingClientRect().right >= 16,
      };
    });
    expect(shown).toEqual({ lines: 1, inside: true });
  });

  it("shows a description whole while a link in it has focus, back to three lines after, never left scrolled", async () => {
    const page = await openEmbedPage(
      `<button>before</button> <div style="width:260px" data-kiosk-product="starter-account"></div>`,
    );
    await page.getByRole("button", { name: /^Buy/ }).waitFor();
    const look = () =>
      page.evaluate(() => {
        const root = document.querySelector("[data-kiosk-product]")?.shadowRoot;
        const desc = root?.querySelector(".desc") as HTMLElement;
        const link = desc.querySelector("a") as HTMLElement;
        const box = desc.getBoundingClientRect();
        const at = link.getBoundingClientRect();
        return {
          focused: root?.activeElement === link,
          scrolled: desc.scrollTop,
          lines: Math.round(box.height / Number.parseFloat(getComputedStyle(desc).lineHeight)),
          linkShown: at.top >= box.top - 0.5 && at.bottom <= box.bottom + 0.5,
        };
      });
    const clamped = await look();
    expect(clamped).toMatchObject({ focused: false, scrolled: 0, lines: 3, linkShown: false });
    await page.getByRole("button", { name: "before" }).focus();
    await page.keyboard.press("Tab");
    const open = await look();
    expect(open).toMatchObject({ focused: true, scrolled: 0, linkShown: true });
    expect(open.lines).toBeGreaterThan(3);
    await page.keyboard.press("Tab");
    expect(await look()).toMatchObject({ focused: false, scrolled: 0, lines: 3, linkShown: false });
  });

  it("keeps a storefront's search row 35.75 px tall on a phone in every language, its label on the field's line", async () => {
    for (const lang of ["en", "de", "fr", "es", "ja"]) {
      const page = await openEmbedPage(`<div data-kiosk-storefront data-kiosk-limit="3"></div>`, {
        lang,
        viewport: { width: 300, height: 700 },
      });
      await page.getByRole("searchbox").waitFor();
      const row = await page.evaluate(() => {
        const tools = document
          .querySelector("[data-kiosk-storefront]")
          ?.shadowRoot?.querySelector(".tools") as HTMLElement;
        const label = tools.getBoundingClientRect();
        const field = tools.querySelector("input")?.getBoundingClientRect();
        return { height: label.height, overflow: tools.scrollWidth - tools.clientWidth, field };
      });
      // The README's reserved sizes count on it.
      expect(row.height, lang).toBe(35.75);
      expect(row.overflow, lang).toBe(0);
      expect(row.field?.width ?? 0, lang).toBeGreaterThan(120);
    }
  });

  it("takes a buyer who pages from below the cards up to the new page's first card, on a phone", async () => {
    const page = await openEmbedPage(
      `<h1 style="height:300px">A shop</h1> <div data-kiosk-storefront data-kiosk-limit="3"></div><footer style="height:600px"></footer>`,
      { viewport: { width: 390, height: 700 } },
    );
    const next = page.getByRole("button", { name: "Next" });
    await next.waitFor();
    await next.scrollIntoViewIfNeeded();
    const storefrontTop = () =>
      page.evaluate(
        () => document.querySelector("[data-kiosk-storefront]")?.getBoundingClientRect().top ?? 0,
      );
    expect(await storefrontTop()).toBeLessThan(-500);
    await next.click();
    await page.getByText("Page 2 of").waitFor();
    expect(Math.abs(await storefrontTop())).toBeLessThan(2);
    // The focus goes up with the buyer: left on the pager, out of sight, the next Tab would start
    // from the bottom again.
    const focused = () =>
      page.evaluate(
        () => document.querySelector("[data-kiosk-storefront]")?.shadowRoot?.activeElement?.tagName,
      );
    expect(await focused()).toBe("SECTION");
    // Paging where the cards' top shows already (a screen tall enough for all) moves nothing.
    await page.setViewportSize({ width: 390, height: 2400 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole("button", { name: "Previous" }).click();
    await page.getByText("Page 1 of").waitFor();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await focused()).toBe("BUTTON");
  });
});
