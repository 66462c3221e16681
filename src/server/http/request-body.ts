import type { Context } from "hono";
import type * as z from "zod/mini";
import { fieldErrors } from "../../core";
import { ProblemError } from "./problem-error";

/**
 * Reads a JSON body and checks it against a strict contract schema. Unknown fields (a `price`
 * or `total` from the browser) are a 400; values of the wrong kind or range are a 422; both
 * name every field.
 */
export async function readBody<S extends z.ZodMiniType>(
  context: Context,
  schema: S,
): Promise<z.infer<S>> {
  const type = context.req.header("content-type") ?? "";
  if (!type.toLowerCase().includes("application/json")) {
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
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
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
  throw new ProblemError("unprocessable", 422, "Some fields are invalid", { errors });
}
