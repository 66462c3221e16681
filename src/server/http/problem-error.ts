import type { Problem } from "../../core";

type ProblemType = Problem["type"];

const titles: Record<ProblemType, string> = {
  invalid_request: "Invalid request",
  unauthorized: "Unauthorized",
  not_found: "Not found",
  conflict: "Conflict",
  payload_too_large: "Payload too large",
  unprocessable: "Unprocessable request",
  rate_limited: "Too many requests",
  upstream_unavailable: "Upstream unavailable",
  server_error: "Server error",
};

/** An error the proxy answers with as RFC 7807 problem+json. */
export class ProblemError extends Error {
  override name = "ProblemError";
  readonly type: ProblemType;
  readonly status: number;
  readonly errors: Readonly<Record<string, string>> | undefined;
  /** Seconds for a `Retry-After` header. */
  readonly retryAfter: number | undefined;

  constructor(
    type: ProblemType,
    status: number,
    detail: string,
    options: { errors?: Record<string, string>; retryAfter?: number } = {},
  ) {
    super(detail);
    this.type = type;
    this.status = status;
    this.errors = options.errors;
    this.retryAfter = options.retryAfter;
  }

  /** The problem body, built from known fields only. */
  toProblem(): Problem {
    return {
      type: this.type,
      title: titles[this.type],
      status: this.status,
      detail: this.message,
      ...(this.errors && Object.keys(this.errors).length > 0 ? { errors: { ...this.errors } } : {}),
    };
  }
}
