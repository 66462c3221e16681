/**
 * `kiosk-checkout/node`: everything of `kiosk-checkout/server`, plus the Node runtime: the
 * process (`startServer`, `loadConfig`), the Redis store, files from disk, and the adapter that
 * mounts the fetch handler in Express, Connect or `http.createServer`.
 */
export * from "./index";
export { loadCatalog } from "./runtime/catalog-file";
export { runCli } from "./runtime/cli";
export { type Config, ConfigError, loadConfig } from "./runtime/config";
export { nodeEncoders } from "./runtime/node-encoders";
export { nodeFiles, nodeOptions } from "./runtime/node-files";
export { type FetchHandler, type NodeRequest, toNodeHandler } from "./runtime/node-handler";
export { createRedisStore, type RedisStoreOptions } from "./runtime/redis-store";
export { createPlatform, type RunningServer, startServer } from "./runtime/serve";
