import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

/**
 * Whether a link or a picture's address is a whole http(s) URL. A relative one ("/account",
 * "x.png") would be read against the merchant's page that shows the description, and ask the
 * merchant's own site, with its visitor's cookies, for whatever the seller wrote.
 */
function isAbsoluteHttp(address: string | undefined): address is string {
  if (address === undefined) return false;
  try {
    const { protocol } = new URL(address);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
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
    a: (tagName, { href, ...attribs }) => ({
      tagName,
      attribs: {
        ...attribs,
        ...(isAbsoluteHttp(href) ? { href } : {}),
        rel: "noopener noreferrer",
        target: "_blank",
      },
    }),
    img: (tagName, { src, ...attribs }) => ({
      tagName,
      attribs: { ...attribs, ...(isAbsoluteHttp(src) ? { src } : {}), loading: "lazy" },
    }),
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
