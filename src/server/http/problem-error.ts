import {
  type BuyerProblem,
  describeProblem,
  type Problem,
  type ProblemCode,
  toProblemCode,
} from "../../core";

type ProblemType = Problem["type"];

const titles: Record<ProblemType, string> = {
  invalid_request: "Invalid request",
  unauthorized: "Unauthorized",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  conflict: "Conflict",
  price_changed: "Price changed",
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
  /** Field problems with a code from the buyer-message catalogue; worded into `errors` too. */
  readonly problems: Readonly<Record<string, BuyerProblem>> | undefined;
  /** Seconds for a `Retry-After` header. */
  readonly retryAfter: number | undefined;

  constructor(
    type: ProblemType,
    status: number,
    detail: string,
    options: {
      errors?: Record<string, string>;
      problems?: Record<string, BuyerProblem>;
      retryAfter?: number;
    } = {},
  ) {
    super(detail);
    this.type = type;
    this.status = status;
    this.errors = options.errors;
    this.problems = options.problems;
    this.retryAfter = options.retryAfter;
  }

  /** The problem body, built from known fields only. */
  toProblem(): Problem {
    const errors: Record<string, string> = { ...this.errors };
    const codes: Record<string, ProblemCode> = {};
    for (const [path, problem] of Object.entries(this.problems ?? {})) {
      errors[path] = describeProblem(problem);
      codes[path] = toProblemCode(problem);
    }
    return {
      type: this.type,
      title: titles[this.type],
      status: this.status,
      detail: this.message,
      ...(Object.keys(errors).length > 0 ? { errors } : {}),
      ...(Object.keys(codes).length > 0 ? { codes } : {}),
    };
  }
}
