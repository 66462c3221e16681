import { afterEach, describe, expect, it } from "vitest";
import { createCapturingLogger } from "../../factories/sandbox-app";
import { refused } from "../verdicts";
import type { FakeAstrosell } from "./fake-server";
import { startAstrosell } from "./harness";

let fake: FakeAstrosell | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("AstroSell webhooks", () => {
  it("refuses every webhook, even one signed by a known scheme, since AstroSell documents none", async () => {
    const logger = createCapturingLogger();
    const setup = await startAstrosell({ logger });
    fake = setup.fake;
    const { platform } = setup.harness;
    const body = setup.harness.webhookBody("AS-000001");
    const headers = setup.harness.signWebhook(body);
    const good = await platform.verifyWebhook({ headers: new Headers(headers), rawBody: body });
    const forged = await platform.verifyWebhook({
      headers: new Headers({ ...headers, "webhook-signature": "v1,Zm9yZ2Vk" }),
      rawBody: body,
    });
    const bare = await platform.verifyWebhook({ headers: new Headers(), rawBody: "{}" });
    expect([good, forged, bare]).toEqual([refused(), refused(), refused()]);
    expect(logger.lines.join("\n")).not.toContain("AS-000001");
  });
});
