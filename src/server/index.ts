/**
 * `kiosk-checkout/server`: the proxy as a Web-standard fetch handler (`createApp`) and what it is
 * built from. Nothing here needs Node; the Node runtime's parts are in `kiosk-checkout/node`.
 */
export { createApp, maxBodyBytes } from "./app";
export type { AppOptions } from "./app-options";
export type { Encoder, Encoders } from "./http/compress";
export { ProblemError } from "./http/problem-error";
export { defaultRateLimits, type Limit, type RateLimits } from "./http/rate-limits";
export type {
  CatalogProduct,
  PlatformAdapter,
  PlatformCapabilities,
  PlatformOptions,
  PlatformOrder,
  PlatformOrderInput,
  ProductPage,
  ProductQuery,
  SellerPlatform,
  WebhookEvent,
  WebhookRequest,
} from "./platforms/platform";
export {
  CatalogError,
  createSandboxPlatform,
  parseCatalog,
  type SandboxCatalog,
  type SandboxPlatform,
} from "./platforms/sandbox";
export { UpstreamError, type UpstreamFailure } from "./platforms/upstream/upstream-error";
export type { StaticFiles } from "./routes/assets";
export { createLogger, type Logger, silentLogger } from "./runtime/logger";
export {
  type CounterState,
  type KeyValueStore,
  StoreUnavailableError,
} from "./store/key-value-store";
export { createMemoryStore, type MemoryStoreOptions } from "./store/memory-store";
