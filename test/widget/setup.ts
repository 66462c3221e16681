import { configure } from "@testing-library/preact";
import { afterAll } from "vitest";

// Files share one module graph per worker (see vitest.config.ts); what one file left on the page
// must not be found by the next one's queries.
afterAll(() => {
  document.body.replaceChildren();
  sessionStorage.clear();
});

// happy-dom's id index keeps a custom element that was upgraded after it was inserted once it is
// removed, ahead of any later element of that id: `getElementById("buy")` in one file found a
// `<kiosk-buy-button id="buy">` an earlier file had left (files share one document), and the
// click a test meant for its own button went to a detached element and opened nothing. The
// element of that id in the document is the one the page has.
const byId = Symbol.for("kiosk.test.getElementById");
type IndexedDocument = Document & { [byId]?: Document["getElementById"] };
let owner = document as IndexedDocument;
while (!Object.hasOwn(owner, "getElementById")) owner = Object.getPrototypeOf(owner);
owner[byId] ??= owner.getElementById;
owner.getElementById = function (this: IndexedDocument, id: string) {
  const found = owner[byId]?.call(this, id) ?? null;
  if (found === null || found.isConnected) return found;
  return (
    [...this.querySelectorAll<HTMLElement>("[id]")].find((element) => element.id === id) ?? null
  );
};

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
