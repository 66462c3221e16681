import { afterEach, describe, expect, it } from "vitest";
import { createEvents } from "../../src/widget/events";

afterEach(() => {
  document.body.innerHTML = "";
});

describe("kiosk events", () => {
  it("bubble out of a shadow root to the document, and reach on() handlers until off()", () => {
    const events = createEvents();
    const host = document.createElement("div");
    host.id = "card";
    document.body.append(host);
    const button = document.createElement("button");
    host.attachShadow({ mode: "open" }).append(button);
    const paths: unknown[] = [];
    document.addEventListener("kiosk:quote", (event) => paths.push(event.composedPath()[0]));
    const details: unknown[] = [];
    const handler = (detail: unknown) => details.push(detail);
    events.on("kiosk:quote", handler);
    const total = { amount: 100, currency: "USD" };
    events.emit("kiosk:quote", { productId: "a", total }, button);
    events.off("kiosk:quote", handler);
    events.emit("kiosk:quote", { productId: "b", total }, button);
    expect(paths).toEqual([button, button]);
    expect(details).toEqual([{ productId: "a", total }]);
  });

  it("start from the document when the element left the page", () => {
    const events = createEvents();
    const gone = document.createElement("button");
    let target: EventTarget | null = null;
    document.addEventListener("kiosk:close", (event) => {
      target = event.target;
    });
    events.emit("kiosk:close", { productId: "a", orderId: undefined }, gone);
    expect(target).toBe(document);
  });

  it("let kiosk:open be cancelled, from the DOM or a handler, and nothing else", () => {
    const events = createEvents();
    expect(events.emit("kiosk:open", { productId: "a", quantity: undefined })).toBe(true);
    events.on("kiosk:open", (_detail, event) => event.preventDefault());
    expect(events.emit("kiosk:open", { productId: "a", quantity: undefined })).toBe(false);
    document.addEventListener("kiosk:close", (event) => event.preventDefault());
    expect(events.emit("kiosk:close", { productId: "a", orderId: undefined })).toBe(true);
  });
});
