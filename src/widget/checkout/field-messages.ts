import { fromProblemCode } from "../../core/buyer-messages";
import { enCheckout } from "../i18n/en-checkout";
import { type CheckoutProblem, problemSentence } from "./checkout-strings";

/**
 * Words a refused field for the buyer in the page's language, from the same codes the proxy
 * sends (it words them in English for its `errors`; the widget words them itself).
 */
export const fieldMessage: (problem: CheckoutProblem) => string = problemSentence;

/**
 * Whether the checkout's catalogue words `code` (every code the proxy sends a checkout, in every
 * language; see `CheckoutProblem`).
 */
const known = (code: string) => Object.hasOwn(enCheckout, `problem.${code}`);

/**
 * The proxy's field paths (`items.0.quantity`, `fields.note`, `email`) as the form's names, with
 * a sentence each: worded here from the path's catalogue code when the proxy sent one the
 * widget knows, else the proxy's own message.
 */
export function localNames(
  errors: Readonly<Record<string, string>>,
  codes: Readonly<Record<string, unknown>> = {},
): Record<string, string> {
  const named: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const item = /^items\.\d+\.(\w+)/.exec(path)?.[1];
    let name = "form";
    if (item === "quantity") name = "quantity";
    else if (item === "variantId") name = "variant";
    else if (/^(email|coupon|paymentMethod|fields\..+)$/.test(path)) name = path;
    const problem = Object.hasOwn(codes, path)
      ? (fromProblemCode(codes[path], known) as CheckoutProblem | undefined)
      : undefined;
    const sentence = problem
      ? fieldMessage(problem)
      : message.charAt(0).toUpperCase() + message.slice(1);
    named[name] = named[name] ? `${named[name]} ${sentence}` : sentence;
  }
  return named;
}
