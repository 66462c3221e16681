import * as z from "zod/mini";

export const problemTypes = [
  "invalid_request",
  "unauthorized",
  "not_found",
  "conflict",
  "payload_too_large",
  "unprocessable",
  "rate_limited",
  "upstream_unavailable",
  "server_error",
] as const;

/** RFC 7807 problem details, the shape of every error the proxy returns. */
export const problemSchema = z.object({
  type: z.enum(problemTypes),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  errors: z.optional(z.record(z.string(), z.string())),
});
