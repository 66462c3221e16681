import type { Context } from "hono";

/** A host as `X-Forwarded-Host` may name one: a name or an IPv6 address, with a port or not. */
const hostPattern = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The URL a buyer asked for, to build links from (a catalog's relative pictures, the sandbox's
 * pay page). Behind `trustedProxies` proxies, their `X-Forwarded-Proto` and `X-Forwarded-Host`
 * say it, where the proxy in front took TLS or rewrote `Host` to its upstream; with none
 * trusted, those headers are anyone's to send, and the request's own URL stands.
 */
export function publicUrlOf(trustedProxies: number): (context: Context) => string {
  return (context) => {
    // Every product read asks: with no proxy trusted, the URL as it came, unparsed.
    if (trustedProxies === 0) return context.req.url;
    const url = new URL(context.req.url);
    // The proxy nearest the server appends last: the header's last value is the one trusted.
    const last = (name: string) => context.req.header(name)?.split(",").at(-1)?.trim();
    if (last("x-forwarded-proto") === "https") url.protocol = "https:";
    const host = last("x-forwarded-host");
    if (host && hostPattern.test(host)) {
      url.port = "";
      url.host = host;
    }
    return url.href;
  };
}
