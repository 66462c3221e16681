import * as z from "zod/mini";
import { problemTypes } from "../problem-types";

/** RFC 7807 problem details, the shape of every error the proxy returns. */
export const problemSchema = z.object({
  type: z.enum(problemTypes),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  errors: z.optional(z.record(z.string(), z.string())),
  /** The same fields' problems as codes of the buyer-message catalogue, for clients that word them. */
  codes: z.optional(
    z.record(
      z.string(),
      z.object({
        code: z.string(),
        params: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
      }),
    ),
  ),
});
