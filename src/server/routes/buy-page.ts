import { type Context, Hono } from "hono";
import { html, raw } from "hono/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  canBuy,
  defaultVariant,
  effectiveMax,
  formatMoney,
  isEmailAddress,
  maxCouponLength,
  type StoreInfo,
  stockFor,
} from "../../core";
import type { AppDeps } from "../app-deps";
import { lookUpCounted } from "../http/counted-lookup";
import { pageHeaders } from "../http/page-headers";
import { isLanguageTag, pageLanguage } from "../http/page-language";
import { ProblemError } from "../http/problem-error";
import type { CatalogProduct } from "../platforms/platform";
import type { LinkProblem } from "../views/page-strings";
import { toProductView } from "../views/product-view";
import { shopPage } from "../views/shop-page";
import type { WidgetManifest } from "./widget-manifest";

/** The parameters a buy link may carry; any other (`utm_source`, …) is left alone. */
const linkParameters = ["quantity", "variant", "coupon", "email", "lang"] as const;
type LinkParameter = (typeof linkParameters)[number];

/** The link's prefill, checked against the product. */
interface CheckedLink {
  readonly values: Readonly<Record<Exclude<LinkParameter, "lang">, string | undefined>>;
  readonly problems: readonly LinkProblem[];
}

/**
 * Each of the link's parameters, refused with a reason rather than quietly changed: a buyer who
 * asked for `quantity=abc` must not find one in the checkout. An empty value is the same as none.
 */
function checkLink(context: Context, product: CatalogProduct): CheckedLink {
  const problems: LinkProblem[] = [];
  const given: Partial<Record<LinkParameter, string>> = {};
  for (const parameter of linkParameters) {
    const all = context.req.queries(parameter) ?? [];
    if (all.length > 1) problems.push({ parameter, code: "repeated" });
    else if (all[0]?.trim()) given[parameter] = all[0].trim();
  }
  const { quantity, variant, coupon, email, lang } = given;
  if (variant !== undefined && !product.variants.some((option) => option.id === variant)) {
    problems.push({ parameter: "variant", code: "unknown_variant", value: variant });
  }
  if (quantity !== undefined) {
    const number = /^\d{1,15}$/.test(quantity) ? Number(quantity) : Number.NaN;
    if (!Number.isSafeInteger(number)) {
      problems.push({ parameter: "quantity", code: "not_whole_number", value: quantity });
    } else {
      const { min } = product.quantity;
      const stock = stockFor(product, variant);
      const max = effectiveMax(product.quantity, stock);
      // Sold out (or fewer left than the least one may order): the checkout itself says so.
      if (max >= min && (number < min || number > max)) {
        // A product without a limit of its own is said to have none, but the most a line takes.
        const limited = product.quantity.max !== null || stock !== null || number > max;
        problems.push({
          parameter: "quantity",
          code: "out_of_range",
          value: number,
          min,
          max: limited ? max : null,
        });
      }
    }
  }
  if (email !== undefined && !isEmailAddress(email)) {
    problems.push({ parameter: "email", code: "not_email", value: email });
  }
  if (coupon !== undefined && coupon.length > maxCouponLength) {
    problems.push({ parameter: "coupon", code: "too_long", max: maxCouponLength });
  }
  if (lang !== undefined && !isLanguageTag(lang)) {
    problems.push({ parameter: "lang", code: "not_language", value: lang });
  }
  return { values: { quantity, variant, coupon, email }, problems };
}

/** The same link without the refused parameters, so the buyer can go on with the rest. */
function withoutProblems(context: Context, problems: readonly LinkProblem[]): string {
  const url = new URL(context.req.url);
  const refused = new Set(problems.map((problem) => problem.parameter));
  // The others as they were written: written again, a parameter the page does not read (a
  // campaign's, with an encoding of its own) would come back changed.
  const kept = url.search
    .slice(1)
    .split("&")
    .filter((part) => part !== "" && !refused.has(parameterName(part)));
  return `${url.pathname}${kept.length > 0 ? `?${kept.join("&")}` : ""}`;
}

/** A query part's name as the page reads it; as written where it does not decode. */
function parameterName(part: string): string {
  const name = part.split("=", 1)[0] ?? "";
  try {
    return decodeURIComponent(name.replaceAll("+", " "));
  } catch {
    return name;
  }
}

/**
 * `GET /buy/:productId`: a checkout anywhere a link can go (an email, a chat, a post). With the
 * widget build's `manifest`, the page asks in its HTML for everything its checkout needs.
 */
export function buyPageRoutes(deps: AppDeps, manifest?: WidgetManifest): Hono {
  const routes = new Hono();

  routes.get("/buy/:productId", async (context) => {
    const productId = context.req.param("productId");
    const language = pageLanguage(context);
    const { strings } = language;
    let store: Omit<StoreInfo, "platform" | "coupons"> | undefined;
    let product: CatalogProduct | undefined;
    let refused: ProblemError | undefined;
    // Counted as the API's reads are: a page a request, and an id the platform does not have
    // against the client's unknown ids, so links to made-up ids cannot make the proxy ask the
    // platform without end.
    const client = deps.clientOf(context);
    try {
      await deps.limiter.take("requests", client);
      [store, [product]] = await Promise.all([
        deps.catalog.getStore(),
        productId.length <= 128
          ? lookUpCounted(deps.limiter, client, deps.catalog, [productId])
          : Promise.resolve([]),
      ]);
    } catch (error) {
      if (error instanceof ProblemError && error.status === 429) refused = error;
      else {
        deps.logger.warn("buy_page_unavailable", {
          detail: error instanceof Error ? error.message : String(error),
        });
      }
    }
    const frame = { language, storeName: store?.name, shopUrl: deps.shopUrl };
    const message = (
      status: ContentfulStatusCode,
      title: string,
      text: string,
      headers: Record<string, string> = {},
    ) =>
      context.html(shopPage({ ...frame, title }, html`<h1>${title}</h1><p>${text}</p>`), status, {
        ...pageHeaders("none"),
        ...headers,
      });
    if (refused) {
      return message(429, strings.busyTitle, strings.busyText, {
        "retry-after": String(refused.retryAfter ?? 60),
      });
    }
    if (!store) return message(503, strings.unavailableTitle, strings.unavailableText);
    if (!product?.visible) return message(404, strings.notFoundTitle, strings.notFoundText);

    const { values, problems } = checkLink(context, product);
    if (problems.length > 0) {
      const title = strings.linkErrorTitle;
      const content = html`<h1>${title}</h1>
      <p>${strings.linkErrorText}</p>
      <div class="panel">
        <ul class="problems">
          ${problems.map((problem) => html`<li><code>${problem.parameter}</code>: ${strings.problem(problem)}</li>`)}
        </ul>
      </div>
      <p><a href="${withoutProblems(context, problems)}">${strings.continueWithout}</a></p>`;
      return context.html(shopPage({ ...frame, title }, content), 400, pageHeaders("none"));
    }

    const attribute = (name: string, value: string | undefined) =>
      value === undefined ? "" : html` ${name}="${value}"`;
    const base = deps.basePath;
    // Everything the checkout needs is asked for with the page, side by side, instead of each
    // once the code before it has run: the page code, the checkout's and the theme's code, the
    // language's, the product and the store's settings (`embed.js` and the checkout take them
    // from the browser's preloads). Then only the first quote is a round trip of its own.
    const chunks = (await manifest?.buyPageChunks(language.locale)) ?? [];
    const api = `${base}/api`;
    // The widget on this page follows its `lang`: the buyer's, from `?lang=` or Accept-Language.
    const head = html`${chunks.map((file) => html`<link rel="modulepreload" href="${base}/chunks/${file}">`)}
    <link rel="preload" as="fetch" crossorigin href="${api}/products?ids=${encodeURIComponent(product.id)}">
    <link rel="preload" as="fetch" crossorigin href="${api}/store">
    <script src="${base}/embed.js" data-api="${api}" defer></script>`;
    // The product as the widget's API shows it (images made absolute, the description sanitized),
    // drawn here so the page reads as the shop's product page before any script runs.
    const view = toProductView(product, deps.renderMarkdown, deps.publicUrl(context), base);
    const image = view.images[0];
    // The option the checkout will start with, as the widget picks it, and whether it can be had
    // (said here, as a card says it: the widget only disables the button).
    const chosen = defaultVariant(view.variants, values.variant);
    const soldOut = !canBuy(view, chosen?.id);
    const content = html`<article class="product">
        ${image ? html`<img class="media" src="${image}" alt="" />` : ""}
        <div class="info">
          <h1>${view.name}</h1>
          <p class="price">${formatMoney(chosen?.price ?? view.price, language.locale)}${soldOut ? html` <span class="out">${strings.soldOut}</span>` : ""}</p>
          <div class="desc">${raw(view.descriptionHtml)}</div>
          <button type="button" class="primary" data-kiosk-buy="${view.id}" data-kiosk-open${attribute("data-kiosk-quantity", values.quantity)}${attribute("data-kiosk-variant", values.variant)}${attribute("data-kiosk-coupon", values.coupon)}${attribute("data-kiosk-email", values.email)}>${strings.buyNow}</button>
        </div>
      </article>`;
    return context.html(
      shopPage({ ...frame, title: view.name, head }, content),
      200,
      pageHeaders("self"),
    );
  });

  return routes;
}
