import { configure } from "@testing-library/preact";
import { afterAll } from "vitest";

// Files share one module graph per worker (see vitest.config.ts); what one file left on the page
// must not be found by the next one's queries.
afterAll(() => {
  document.body.replaceChildren();
  sessionStorage.clear();
});

// `findBy…` and `waitFor` give up after 1 s by default, which a busy two-core machine running the
// whole suite can take for a step that is only slow; what they wait for is still asserted. The
// queries run inside shadow roots, which testing-library's default message cannot print (it
// throws instead, outside the test), so the message shows the root's markup itself.
configure({
  asyncUtilTimeout: 3_000,
  getElementError: (message, container) => {
    const markup =
      container instanceof ShadowRoot ? `\n\n${container.innerHTML.slice(0, 3000)}` : "";
    const error = new Error(`${message ?? ""}${markup}`);
    error.name = "TestingLibraryElementError";
    return error;
  },
});
