import type { Context } from "hono";

/**
 * The URL a buyer asked for, to build links from (a catalog's relative pictures, the sandbox's
 * pay page). Behind `trustedProxies` proxies, their `X-Forwarded-Proto` says whether the buyer
 * came over TLS; with none trusted, that header is anyone's to send, and the request's own URL
 * stands. The host is always the request's own: `X-Forwarded-Host` is passed on unchanged by
 * common proxies (nginx's default), so the buyer could write it; a proxy in front keeps `Host`
 * (`proxy_set_header Host $host`).
 */
export function publicUrlOf(trustedProxies: number): (context: Context) => string {
  return (context) => {
    const url = context.req.url;
    // The proxy nearest the server appends last: the header's last value is the one trusted.
    const proto = context.req.header("x-forwarded-proto")?.split(",").at(-1)?.trim();
    return trustedProxies > 0 && proto === "https" && url.startsWith("http:")
      ? `https:${url.slice(5)}`
      : url;
  };
}
