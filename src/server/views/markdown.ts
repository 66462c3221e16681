import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

/**
 * A link or a picture's address when it is a whole http(s) URL, with its "//" (so a browser
 * reads it as the same absolute URL wherever the page is), or `undefined`. A relative one
 * ("/account", "x.png") would be read against the merchant's page that shows the description,
 * and ask the merchant's own site, with its visitor's cookies, for whatever the seller wrote; so
 * would one with a scheme but no "//" ("https:/account", which a browser on an https: page reads
 * as a path on that page's site, though it parses alone).
 */
function absoluteHttp(address: string | undefined): string | undefined {
  if (address === undefined || !/^\s*https?:\/\//i.test(address)) return undefined;
  try {
    const url = new URL(address);
    return url.protocol === "http:" || url.protocol === "https:" ? address : undefined;
  } catch {
    return undefined;
  }
}

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel", "target"],
    img: ["src", "alt", "title", "width", "height", "loading"],
    th: ["align"],
    td: ["align"],
  },
  // Only http(s) links leave the proxy: a mailto: link keeps its text and loses its address (as
  // does a relative one, in transformTags).
  allowedSchemes: ["http", "https"],
  allowProtocolRelative: false,
  // Seller headings become h3+ so a description never outranks the merchant's own page headings.
  transformTags: {
    h1: "h3",
    h2: "h4",
    a: (tagName, { href, ...attribs }) => {
      const address = absoluteHttp(href);
      return {
        tagName,
        attribs: {
          ...attribs,
          ...(address ? { href: address } : {}),
          rel: "noopener noreferrer",
          target: "_blank",
        },
      };
    },
    img: (tagName, { src, ...attribs }) => {
      const address = absoluteHttp(src);
      return {
        tagName,
        attribs: { ...attribs, ...(address ? { src: address } : {}), loading: "lazy" },
      };
    },
  },
};

/** Renders seller markdown to HTML that is safe to put into any page. */
export function createMarkdownRenderer(cacheSize = 500): (markdown: string) => string {
  const marked = new Marked({ gfm: true, breaks: false, async: false });
  const cache = new Map<string, string>();
  return (markdown) => {
    const hit = cache.get(markdown);
    if (hit !== undefined) return hit;
    const html = sanitizeHtml(marked.parse(markdown, { async: false }), sanitizeOptions).trim();
    if (cache.size >= cacheSize) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(markdown, html);
    return html;
  };
}
