// http/: the proxy's HTTP plumbing: request bodies and limits, problem responses, page headers, CORS, compression, access log, client addresses, rate limits.
import { UpstreamError } from "../platforms/upstream/upstream-error";
import type { Logger } from "../runtime/logger";
import { StoreUnavailableError } from "../store/key-value-store";
import { ProblemError } from "./problem-error";

/** Turns any thrown value into a problem+json response; unknown errors never show their message. */
export function problemResponse(error: unknown, logger: Logger): Response {
  const problem = toProblemError(error, logger);
  const headers = new Headers({ "content-type": "application/problem+json" });
  if (problem.retryAfter !== undefined) headers.set("retry-after", String(problem.retryAfter));
  return new Response(JSON.stringify(problem.toProblem()), { status: problem.status, headers });
}

function toProblemError(error: unknown, logger: Logger): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof StoreUnavailableError) {
    // Never served from one instance's memory instead: that would split orders between them.
    logger.error("store_unavailable", { message: error.message });
    return new ProblemError(
      "upstream_unavailable",
      503,
      "The shop cannot take this request right now; try again shortly",
      { retryAfter: 5 },
    );
  }
  if (error instanceof UpstreamError) {
    switch (error.failure) {
      case "not_found":
        return new ProblemError("not_found", 404, error.message);
      case "rejected":
        // The buyer's to fix only when it names what: a refusal of a read, or of an order for
        // no reason it gives, is between the proxy and the platform.
        if (error.fields && Object.keys(error.fields).length > 0) {
          return new ProblemError("unprocessable", 422, "The platform refused the request", {
            errors: { ...error.fields },
          });
        }
        logger.error("upstream_rejected", { message: error.message });
        return new ProblemError(
          "upstream_unavailable",
          502,
          "The store's platform refused the request",
        );
      case "rate_limited":
      case "unavailable":
        return new ProblemError(
          "upstream_unavailable",
          503,
          "The store's platform is not answering right now; try again shortly",
          { retryAfter: error.retryAfter ?? 5 },
        );
      case "unauthorized":
        logger.error("upstream_unauthorized", { message: error.message });
        return new ProblemError("upstream_unavailable", 502, "The store is misconfigured", {
          retryAfter: 60,
        });
      default: {
        const unknownFailure: never = error.failure;
        throw new Error(`unknown failure ${String(unknownFailure)}`);
      }
    }
  }
  logger.error("unexpected_error", {
    name: error instanceof Error ? error.name : typeof error,
    message: error instanceof Error ? error.message : undefined,
  });
  return new ProblemError("server_error", 500, "Something went wrong on the server");
}
