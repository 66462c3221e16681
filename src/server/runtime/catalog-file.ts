import { readFile } from "node:fs/promises";
import { CatalogError, parseCatalog, type SandboxCatalog } from "../platforms/sandbox";

/** Reads and validates the sandbox catalog file at `path` (relative to the working directory). */
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
  return parseCatalog(data, path);
}
