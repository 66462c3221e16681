import type { Logger } from "../runtime/logger";
import { type CorsAnswers, corsAnswers } from "./cors";

/** A page on this machine, which the sandbox allows: `localhost` and its subdomains, 127/8, ::1. */
const localOrigin =
  /^https?:\/\/(([a-z0-9-]+\.)*localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d+)?$/;

/** How many refused origins are logged, each once: enough for a merchant's, not an attacker's. */
const loggedOriginsMax = 100;

/** Who may call `/api` from a browser. */
export interface ApiCorsOptions {
  /** `KIOSK_ALLOWED_ORIGINS`; unset allows none but, on the sandbox, pages on this machine. */
  readonly allowedOrigins: readonly string[] | undefined;
  readonly sandbox: boolean;
  readonly logger: Logger;
}

/**
 * CORS for `/api`: the merchant's origins, or on the sandbox with none given, any page on this
 * machine; each origin refused is logged once.
 */
export function apiCors(options: ApiCorsOptions): CorsAnswers {
  const allowed = new Set(options.allowedOrigins ?? []);
  const allowLocal = options.sandbox && options.allowedOrigins === undefined;
  const refusedOrigins = new Set<string>();
  return corsAnswers({
    origin: (origin) =>
      allowed.has(origin) || (allowLocal && localOrigin.test(origin)) ? origin : null,
    allowMethods: ["GET", "POST", "OPTIONS"],
    allowHeaders: ["Content-Type", "Idempotency-Key", "Authorization"],
    exposeHeaders: ["Retry-After", "ETag", "Allow"],
    maxAge: 600,
    // A shop's page left out of KIOSK_ALLOWED_ORIGINS shows only "could not be reached" in
    // the browser: the log names each origin refused (once; the proxy's own pages need no
    // CORS).
    refused: (origin, requestHost) => {
      if (refusedOrigins.has(origin) || refusedOrigins.size >= loggedOriginsMax) return;
      let host: string | undefined;
      try {
        host = new URL(origin).host;
      } catch {
        // `null` (a page opened from a file, a sandboxed frame) is no origin to allow, but
        // its page fails all the same: said too, with what to do. Other text is not an origin.
        if (origin !== "null") return;
      }
      if (host !== undefined && host === requestHost) return;
      refusedOrigins.add(origin);
      options.logger.warn("cors_origin_refused", {
        origin: origin.slice(0, 200),
        ...(host === undefined
          ? { detail: "a page opened from a file or in a sandboxed frame: serve it over http(s)" }
          : {}),
      });
    },
  });
}
