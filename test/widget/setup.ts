import { afterAll } from "vitest";

// Files share one module graph per worker (see vitest.config.ts); what one file left on the page
// must not be found by the next one's queries.
afterAll(() => {
  document.body.replaceChildren();
  sessionStorage.clear();
});
