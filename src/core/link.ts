/** The WHATWG URL parser, global in browsers and Node alike; core's own types leave out both. */
declare const URL: new (url: string, base?: string) => ParsedUrl;
interface ParsedUrl {
  readonly protocol: string;
  readonly href: string;
}

/**
 * A link as an absolute `http:`/`https:` URL, or `undefined` for anything else (`javascript:`,
 * `data:`, `mailto:`, text that is no URL). The one rule for every link that reaches a buyer:
 * payment links, delivered download links and images.
 */
export function httpLink(value: string, base?: string): string | undefined {
  let url: ParsedUrl;
  try {
    // An absent base is the same to the parser as none given.
    url = new URL(value.trim(), base);
  } catch {
    return undefined;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
}

/**
 * Whether a browser resolving `value` against an http(s) page would load an http(s) URL: true for
 * absolute http(s) links and relative paths, false for `javascript:`, `data:` and the like.
 */
export function isHttpLink(value: string): boolean {
  return httpLink(value, "https://relative.invalid/") !== undefined;
}

/**
 * Whether a delivered good is a link to follow rather than a key or text to copy: an `http://` or
 * `https://` URL (either case) with nothing else in it. The one rule for every platform that
 * delivers plain strings, so the same value reads alike whichever platform sold it.
 */
export function isDeliveredLink(value: string): boolean {
  const trimmed = value.trim();
  return /^https?:\/\/\S+$/i.test(trimmed) && httpLink(trimmed) !== undefined;
}
