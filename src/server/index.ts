export { type AppOptions, createApp, maxBodyBytes } from "./app";
export type { Encoder, Encoders } from "./http/compress";
export { ProblemError } from "./http/problem-error";
export { defaultRateLimits, type Limit, type RateLimits } from "./http/rate-limit";
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
export { createSandboxPlatform, loadCatalog, type SandboxPlatform } from "./platforms/sandbox";
export { UpstreamError, type UpstreamFailure } from "./platforms/upstream/upstream-error";
export { type Config, ConfigError, loadConfig } from "./runtime/config";
export { createLogger, type Logger, silentLogger } from "./runtime/logger";
export { nodeEncoders } from "./runtime/node-encoders";
export { createRedisStore, type RedisStoreOptions } from "./runtime/redis-store";
export { createPlatform, type RunningServer, startServer } from "./runtime/serve";
export {
  type CounterState,
  createMemoryStore,
  type KeyValueStore,
  type MemoryStoreOptions,
  StoreUnavailableError,
} from "./store/key-value-store";
