import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type * as z from "zod/mini";
import {
  type BuyerProblem,
  describeProblem,
  fieldErrors,
  fieldPath,
  maxLineQuantity,
  type SchemaIssue,
} from "../../core";
import { ProblemError } from "./problem-error";

/** Keys that reach an object's prototype when a body is copied or merged somewhere downstream. */
export const prototypeKeys: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
]);

/**
 * The field path of the first `__proto__`, `constructor` or `prototype` key anywhere in a parsed
 * JSON value, or `undefined` when it has none. Iterative, so no nesting depth can overflow it.
 */
export function findPrototypeKey(data: unknown): string | undefined {
  // Each entry links to its parent, so a path is only built for the key that is found.
  interface Step {
    readonly value: unknown;
    readonly key: PropertyKey | undefined;
    readonly parent: Step | undefined;
  }
  const pathOf = (step: Step): PropertyKey[] => {
    const path: PropertyKey[] = [];
    for (let at: Step | undefined = step; at?.key !== undefined; at = at.parent) path.push(at.key);
    return path.reverse();
  };
  const pending: Step[] = [{ value: data, key: undefined, parent: undefined }];
  for (let step = pending.pop(); step !== undefined; step = pending.pop()) {
    const { value } = step;
    if (value === null || typeof value !== "object") continue;
    for (const [key, child] of Object.entries(value)) {
      const next: Step = {
        value: child,
        key: Array.isArray(value) ? Number(key) : key,
        parent: step,
      };
      if (prototypeKeys.has(key)) return fieldPath(pathOf(next));
      pending.push(next);
    }
  }
  return undefined;
}

/** Throws the `400` that names a prototype key among `keys` (a form's field names, say). */
export function refusePrototypeKeys(data: unknown): void {
  const path = findPrototypeKey(data);
  if (path === undefined) return;
  throw new ProblemError("invalid_request", 400, "The body uses a key that is never allowed", {
    // A computed key, so even `__proto__` becomes an own property rather than a prototype.
    errors: { [path]: "is not an allowed key" },
  });
}

/** The request's media type, without its parameters, in lower case (`""` when it gives none). */
const mediaType = (context: Context) =>
  (context.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

/**
 * Whether the request says its body is JSON: `application/json`, any case, any parameters. Only
 * the media type counts, not the parameters: `text/plain; x=application/json` is text, which a
 * browser sends cross-site without asking first.
 */
export function isJsonRequest(context: Context): boolean {
  return mediaType(context) === "application/json";
}

/**
 * Reads a JSON body without trusting its shape: `400` when it is not JSON or carries a
 * `__proto__`, `constructor` or `prototype` key at any depth. With `plainText`, JSON sent as
 * `text/plain` is read too: a browser sends that cross-origin without a CORS preflight, which
 * only a route that changes nothing may take (a quote).
 */
export async function readJson(context: Context, plainText = false): Promise<unknown> {
  if (!isJsonRequest(context) && !(plainText && mediaType(context) === "text/plain")) {
    throw new ProblemError(
      "invalid_request",
      400,
      "The body must be JSON (Content-Type: application/json)",
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(await context.req.text());
  } catch {
    throw new ProblemError("invalid_request", 400, "The body is not valid JSON");
  }
  refusePrototypeKeys(data);
  return data;
}

/**
 * Checks parsed data against a schema. Unknown fields (a `price` or `total` from the browser)
 * are a 400; values of the wrong kind or range are a 422; both name every field.
 */
export function parseBody<S extends z.ZodMiniType>(data: unknown, schema: S): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  // A field left out is said as required, not as a value of the wrong kind.
  const issues: SchemaIssue[] = parsed.error.issues.map((issue) =>
    issue.code === "invalid_type" && valueAt(data, issue.path) === undefined
      ? { ...issue, missing: true }
      : issue,
  );
  const errors = fieldErrors(issues);
  if (issues.some((issue) => issue.code === "unrecognized_keys")) {
    throw new ProblemError(
      "invalid_request",
      400,
      "The body has fields the contract does not allow",
      {
        errors,
      },
    );
  }
  const problems = buyerProblems(issues);
  // Said as the catalogue says it, where the schema's own words would be off (1e21's maximum is
  // no safe integer, but the line's bound).
  for (const [path, problem] of Object.entries(problems)) errors[path] = describeProblem(problem);
  throw new ProblemError("unprocessable", 422, "Some fields are invalid", {
    errors,
    problems,
  });
}

/** The value at `path` in parsed JSON, or `undefined` when it is not there. */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let at = data;
  for (const key of path) {
    if (at === null || typeof at !== "object" || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/**
 * The refused fields a buyer types or picks (a coupon code, the email, a custom field's answer,
 * a quantity), as the catalogue's problems: the body gives each a code a client words in its own
 * language, as it does for every other rule a buyer can act on.
 */
function buyerProblems(issues: readonly SchemaIssue[]): Record<string, BuyerProblem> {
  const problems: Record<string, BuyerProblem> = {};
  for (const issue of issues) {
    const path = fieldPath(issue.path);
    if (path in problems) continue;
    if (/^items\.\d+\.quantity$/.test(path)) {
      // Past what any line may take (or any number at all, 1e21): the line's own bound.
      if (issue.code === "too_big") problems[path] = { code: "above_max", limit: maxLineQuantity };
      else if (issue.code === "too_small") problems[path] = { code: "below_min", limit: 1 };
      else if (!issue.missing) problems[path] = { code: "not_integer" };
      continue;
    }
    if (path.startsWith("fields.") && issue.code === "too_big") {
      if (typeof issue.maximum === "number") {
        problems[path] = { code: "too_long", limit: issue.maximum };
      }
      continue;
    }
    if (path !== "coupon" && path !== "email") continue;
    if (issue.code === "too_big" && typeof issue.maximum === "number") {
      problems[path] = { code: "too_long", limit: issue.maximum };
    } else if (path === "email" && issue.code === "invalid_format") {
      problems[path] = { code: "not_email" };
    } else if (path === "email" && issue.missing) {
      problems[path] = { code: "required" };
    } else if (
      path === "coupon" &&
      (issue.code === "too_small" || issue.code === "invalid_format")
    ) {
      // Empty, or spaces only.
      problems[path] = { code: "coupon_empty" };
    }
  }
  return problems;
}

/** Reads a JSON body (see `readJson`) and checks it against a strict contract schema. */
export async function readBody<S extends z.ZodMiniType>(
  context: Context,
  schema: S,
  plainText = false,
): Promise<z.infer<S>> {
  return parseBody(await readJson(context, plainText), schema);
}

/** Refuses a body over `maxBytes` before it is read, as a 413 problem naming the limit. */
export function limitBody(maxBytes: number, what: string): MiddlewareHandler {
  const refuse = () => {
    throw new ProblemError("payload_too_large", 413, `${what} are limited to ${maxBytes} bytes`);
  };
  // Counts a body sent without a length as it streams in.
  const streamed = bodyLimit({ maxSize: maxBytes, onError: refuse });
  // It reads such a body whole before the route runs: a body the client broke off is the
  // client's doing (a 400), not the proxy's failure, which would be logged as an error.
  const readStreamed: MiddlewareHandler = async (context, next) => {
    let reached = false;
    try {
      return await streamed(context, () => {
        reached = true;
        return next();
      });
    } catch (error) {
      if (reached || error instanceof ProblemError) throw error;
      throw new ProblemError("invalid_request", 400, "The request body was cut off before its end");
    }
  };
  // A GET or HEAD has no body, and a declared length says enough: looking at the body itself
  // would make the runtime build a full request object, and read the body as a stream, for
  // every request.
  return (context, next) => {
    const method = context.req.method;
    if (method === "GET" || method === "HEAD") return next();
    const length = context.req.header("content-length");
    if (length === undefined || context.req.header("transfer-encoding") !== undefined) {
      return readStreamed(context, next);
    }
    if (Number.parseInt(length, 10) > maxBytes) refuse();
    return next();
  };
}
