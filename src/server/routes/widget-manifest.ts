import { type StaticFiles, safeName } from "./assets";

/** One chunk in the widget build's manifest (`chunks/.vite/manifest.json`). */
interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
}

/** The modules whose chunks a buy page needs before its checkout shows a total. */
const checkoutModules = ["src/widget/checkout/open-checkout.ts", "src/widget/theme.ts"];

/**
 * What the widget build is made of, read from its manifest through the proxy's files, so the
 * proxy's own pages can ask for the chunks they need in their HTML instead of waiting for the
 * loader to ask for them, and then the page code for the next.
 */
export interface WidgetManifest {
  /**
   * The chunk files (names in `chunks/`) of the page code, the checkout and the theme, and of
   * `locale`'s language where it has a chunk; none when the build has no manifest.
   */
  buyPageChunks(locale: string): Promise<readonly string[]>;
}

/** The manifest of the build in `widgetDir`, read again whenever the file changes. */
export function widgetManifest(files: StaticFiles, widgetDir: string): WidgetManifest {
  const path = `${widgetDir}/chunks/.vite/manifest.json`;
  let read: { readonly key: string; readonly chunks: Record<string, ManifestChunk> } | undefined;

  // A missing, unreadable or broken manifest is an empty one: the page then works as before,
  // each chunk asked for by the code before it.
  const chunks = async (): Promise<Record<string, ManifestChunk>> => {
    try {
      const info = await files.stat(path);
      if (!info) return {};
      const key = `${info.size}:${info.modified}`;
      if (read?.key !== key) {
        const bytes = await files.read(path);
        const parsed: unknown = bytes ? JSON.parse(new TextDecoder().decode(bytes)) : {};
        const usable = parsed !== null && typeof parsed === "object" && !Array.isArray(parsed);
        read = { key, chunks: usable ? (parsed as Record<string, ManifestChunk>) : {} };
      }
      return read.chunks;
    } catch {
      return {};
    }
  };

  return {
    async buyPageChunks(locale) {
      const all = await chunks();
      const found = new Set<string>();
      const add = (key: string | undefined) => {
        const chunk = key === undefined ? undefined : all[key];
        // Only a name the chunk route serves: a broken manifest asks for nothing.
        if (!chunk || typeof chunk.file !== "string" || !safeName.test(chunk.file)) return;
        if (found.has(chunk.file)) return;
        found.add(chunk.file);
        for (const imported of Array.isArray(chunk.imports) ? chunk.imports : []) add(imported);
      };
      add(Object.keys(all).find((key) => all[key]?.isEntry));
      for (const key of [...checkoutModules, `src/widget/i18n/${locale}.ts`]) add(key);
      return [...found];
    },
  };
}
