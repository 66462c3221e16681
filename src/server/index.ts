export { type AppOptions, createApp, maxBodyBytes } from "./app";
export { ProblemError } from "./http/problem-error";
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
export { createPlatform, type RunningServer, startServer } from "./runtime/serve";
export { createMemoryStore, type KeyValueStore } from "./store/key-value-store";
