import { type Context, Hono } from "hono";
import { html } from "hono/html";
import * as z from "zod/mini";
import { formatMoney, withoutBidiControls } from "../../../core";
import type { AppDeps } from "../../app-deps";
import { pageHeaders } from "../../http/page-headers";
import { type PageLanguage, pageLanguage } from "../../http/page-language";
import { ProblemError } from "../../http/problem-error";
import {
  isJsonRequest,
  limitBody,
  parseBody,
  readJson,
  refusePrototypeKeys,
} from "../../http/request-body";
import { shopPage } from "../../views/shop-page";
import type { SandboxPlatform } from ".";

/** A pay post is two short fields; anything near this size is not one. */
const maxPayBodyBytes = 4096;

const payRequestSchema = z.strictObject({
  outcome: z.enum(["paid", "failed"]),
  token: z.string().check(z.maxLength(128)),
});

const formTypes = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

// A form post as a plain object of its text fields; a malformed form is the sender's fault.
async function readForm(context: Context): Promise<Record<string, unknown>> {
  if (!formTypes.test(context.req.header("content-type") ?? "")) {
    throw new ProblemError("invalid_request", 400, "The body must be a form or JSON");
  }
  let form: FormData;
  try {
    form = await context.req.formData();
  } catch {
    throw new ProblemError("invalid_request", 400, "The body is not a valid form");
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    refusePrototypeKeys({ [key]: value });
    fields[key] ??= value;
  }
  return fields;
}

/** A pay page in the shop's frame; it still works when the store's name cannot be read. */
async function payPage(context: Context, deps: AppDeps, language: PageLanguage, body: unknown) {
  const storeName = await deps.catalog.getStore().then(
    (store) => store.name,
    () => undefined,
  );
  const frame = { language, storeName, shopUrl: deps.shopUrl };
  const page = shopPage({ ...frame, title: language.strings.sandboxTitle }, body);
  return context.html(page, 200, pageHeaders("none"));
}

/**
 * The sandbox's payment page: what a real platform's hosted checkout would be. `Pay` delivers
 * the goods, `Fail` fails the order; both answer JSON or form posts.
 */
export function sandboxPayRoutes(deps: AppDeps, sandbox: SandboxPlatform): Hono {
  const routes = new Hono();

  routes.get("/sandbox/pay/:orderId", async (context) => {
    const orderId = context.req.param("orderId");
    const token = context.req.query("token") ?? "";
    const order = sandbox.findPayableOrder(orderId, token);
    if (!order) throw new ProblemError("not_found", 404, "No such payment");
    const open = order.status === "awaiting_payment";
    const language = pageLanguage(context);
    const { locale, strings, query } = language;
    // Paid or failed here (the post comes back to this address): the outcome, then the order.
    const outcome =
      order.status === "completed"
        ? html`<h1>${strings.paidTitle}</h1><p>${strings.paidText}</p>`
        : order.status === "failed"
          ? html`<h1>${strings.failedTitle}</h1><p>${strings.failedText}</p>`
          : html`<h1>${strings.sandboxTitle}</h1><p class="muted">${strings.sandboxIntro}</p>`;
    const button = (outcome: "paid" | "failed", label: string, look: "primary" | "ghost") =>
      html`<form method="post" action="${deps.basePath}/sandbox/pay/${orderId}${query}">
        <input type="hidden" name="token" value="${token}" />
        <input type="hidden" name="outcome" value="${outcome}" />
        <button type="submit" class="${look}">${label}</button>
      </form>`;
    const body = html`${outcome}
      <div class="panel">
        <ul class="lines">
          ${order.items.map(
            (item) =>
              html`<li>${new Intl.NumberFormat(locale).format(item.quantity)} × ${withoutBidiControls(item.name)}</li>`,
          )}
        </ul>
        <dl class="total"><dt>${strings.total}</dt><dd>${formatMoney(order.total, locale)}</dd></dl>
      </div>
      ${open ? html`<div class="actions">${button("paid", strings.pay, "primary")}${button("failed", strings.fail, "ghost")}</div>` : order.status === "completed" || order.status === "failed" ? "" : html`<p>${strings.notOpen}</p>`}`;
    return payPage(context, deps, language, body);
  });

  routes.post("/sandbox/pay/:orderId", limitBody(maxPayBodyBytes, "Payment posts"));
  routes.post("/sandbox/pay/:orderId", async (context) => {
    const orderId = context.req.param("orderId");
    const isJson = isJsonRequest(context);
    const { outcome, token } = parseBody(
      isJson ? await readJson(context) : await readForm(context),
      payRequestSchema,
    );
    const order = sandbox.settle(orderId, token, outcome);
    if (!order) throw new ProblemError("not_found", 404, "No such payment");
    deps.forgetCached({ type: "order.settled", orderId });
    deps.events.notify(orderId);
    if (isJson) return context.json({ id: order.id, status: order.status });
    // Back to the page's own address, which now says how it went: a reload, or the address
    // opened again, shows that rather than asking to post again or finding no payment.
    const { query } = pageLanguage(context);
    const back = `${query ? `${query}&` : "?"}token=${encodeURIComponent(token)}`;
    return context.redirect(`${deps.basePath}/sandbox/pay/${orderId}${back}`, 303);
  });

  return routes;
}
