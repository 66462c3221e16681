/** Headers for the proxy's own HTML pages: no scripts but its own, no framing, no referrer. */
export function pageHeaders(scriptSources: "none" | "self"): Record<string, string> {
  const script = scriptSources === "none" ? "'none'" : "'self'";
  return {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": `default-src 'none'; script-src ${script}; connect-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
  };
}
