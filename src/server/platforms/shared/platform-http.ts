// platforms/shared/: what two or more adapters do alike, written once (paging, search, webhook signatures, key modes, order matching).
import type { PlatformOptions } from "../platform";
import {
  createUpstreamClient,
  type DescribedError,
  type UpstreamClient,
} from "../upstream/http-client";

/** What differs between platforms' HTTP clients: their id, fixed headers and error words. */
export interface PlatformHttpSpec {
  readonly platform: string;
  /** Auth and any other fixed headers. Never logged. */
  readonly headers: Readonly<Record<string, string>>;
  readonly describeError: (status: number, body: unknown) => DescribedError;
}

/** The upstream client an adapter's `createClient` builds on, wired from the adapter's options. */
export function createPlatformHttp(
  options: PlatformOptions,
  spec: PlatformHttpSpec,
): UpstreamClient {
  return createUpstreamClient({
    ...options.upstream,
    ...spec,
    baseUrl: options.apiBase,
    logger: options.logger,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
