import { type Context, Hono } from "hono";
import { html } from "hono/html";
import * as z from "zod/mini";
import { formatMoney } from "../../../core";
import type { AppDeps } from "../../app-deps";
import { pageHeaders } from "../../http/page-headers";
import { pageLanguage } from "../../http/page-language";
import { ProblemError } from "../../http/problem-error";
import {
  isJsonRequest,
  limitBody,
  parseBody,
  readJson,
  refusePrototypeKeys,
} from "../../http/request-body";
import type { SandboxPlatform } from ".";

/** A pay post is two short fields; anything near this size is not one. */
const maxPayBodyBytes = 4096;

const payRequestSchema = z.object({
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

const page = (lang: string, title: string, body: unknown) => html`<!doctype html>
<html lang="${lang}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
  </head>
  <body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem">
    ${body}
  </body>
</html>`;

/**
 * The sandbox's payment page: what a real platform's hosted checkout would be. `Pay` delivers
 * the goods, `Fail` fails the order; both answer JSON or form posts.
 */
export function sandboxPayRoutes(deps: AppDeps, sandbox: SandboxPlatform): Hono {
  const routes = new Hono();

  routes.get("/sandbox/pay/:orderId", (context) => {
    const orderId = context.req.param("orderId");
    const token = context.req.query("token") ?? "";
    const order = sandbox.findPayableOrder(orderId, token);
    if (!order) throw new ProblemError("not_found", 404, "No such payment");
    const open = order.status === "awaiting_payment";
    const { locale, strings, query } = pageLanguage(context);
    const button = (
      outcome: "paid" | "failed",
      label: string,
    ) => html`<form method="post" action="${deps.basePath}/sandbox/pay/${orderId}${query}" style="display: inline">
      <input type="hidden" name="token" value="${token}" />
      <input type="hidden" name="outcome" value="${outcome}" />
      <button type="submit" style="font-size: 1rem; padding: 0.6rem 1.4rem">${label}</button>
    </form>`;
    const body = html`<h1>${strings.sandboxTitle}</h1>
      <p>${strings.sandboxIntro}</p>
      <ul>
        ${order.items.map((item) => html`<li>${item.quantity} × ${item.name}</li>`)}
      </ul>
      <dl><dt>${strings.total}</dt><dd><strong>${formatMoney(order.total, locale)}</strong></dd></dl>
      ${open ? html`${button("paid", strings.pay)} ${button("failed", strings.fail)}` : html`<p>${strings.notOpen}</p>`}`;
    return context.html(page(locale, strings.sandboxTitle, body), 200, pageHeaders("none"));
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
    const { locale, strings } = pageLanguage(context);
    const body =
      order.status === "completed"
        ? html`<h1>${strings.paidTitle}</h1><p>${strings.paidText}</p>`
        : html`<h1>${strings.failedTitle}</h1><p>${strings.failedText}</p>`;
    return context.html(page(locale, strings.sandboxTitle, body), 200, pageHeaders("none"));
  });

  return routes;
}
