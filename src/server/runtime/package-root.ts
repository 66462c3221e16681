import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package's own folder (the one holding its `package.json`), found from this file whether it
 * runs built from `dist/server/` or from source, wherever the package is installed: the widget
 * bundle, the pages and the demo catalog are looked up there, never in the working directory.
 */
export function packageRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    if (existsSync(join(directory, "package.json"))) return directory;
    directory = dirname(directory);
  }
  throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
}
