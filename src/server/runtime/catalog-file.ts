import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { CatalogError, parseCatalog, type SandboxCatalog } from "../platforms/sandbox";
import { packageRoot } from "./package-root";

/** Where the proxy serves the demo's pictures from, on Node (see `nodeOptions`). */
const demoPictures = "/demo/images/";

/**
 * Reads and validates the sandbox catalog file at `path` (relative to the working directory).
 * A picture must be an http(s) URL, or one of the demo's pictures the proxy serves itself
 * (`/demo/images/…`): any other path would be a broken image on every card, said nowhere.
 */
export async function loadCatalog(path: string): Promise<SandboxCatalog> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new CatalogError(`${path}: cannot be read`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CatalogError(`${path}: is not valid JSON`);
  }
  const catalog = parseCatalog(data, path);
  const pictures = join(packageRoot(), "demo", "images");
  catalog.products.forEach((product, index) => {
    product.images.forEach((image, at) => {
      if (/^https?:\/\//i.test(image)) return;
      const file = image.startsWith(demoPictures) ? image.slice(demoPictures.length) : undefined;
      if (file && basename(file) === file && existsSync(join(pictures, file))) {
        return;
      }
      throw new CatalogError(
        `${path}: products.${index}.images.${at}: "${image}" is neither an http(s) URL nor one of the demo's pictures (${demoPictures}…)`,
      );
    });
  });
  return catalog;
}
