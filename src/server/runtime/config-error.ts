/** A setting is missing or wrong; the message is one line naming the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
