/** Headers for the proxy's own HTML pages: no scripts but its own, no framing, no referrer. */
export function pageHeaders(scriptSources: "none" | "self"): Record<string, string> {
  // A page that runs the widget lets embed.js start its one worker (see `embed.ts`).
  const scripts =
    scriptSources === "none" ? "script-src 'none'" : "script-src 'self'; worker-src data:";
  return {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": `default-src 'none'; ${scripts}; connect-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
  };
}
