export { type AppOptions, createApp, maxBodyBytes } from "./app";
export { type Config, ConfigError, loadConfig } from "./config";
export { ProblemError } from "./errors/problem-error";
export { UpstreamError, type UpstreamFailure } from "./errors/upstream-error";
export { createLogger, type Logger, silentLogger } from "./logger";
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
} from "./platform";
export { createSandboxPlatform, loadCatalog, type SandboxPlatform } from "./platforms/sandbox";
export { createPlatform, type RunningServer, startServer } from "./serve";
export { createMemoryStore, type KeyValueStore } from "./store/key-value-store";
