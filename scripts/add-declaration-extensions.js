// Node's ESM resolution, which `moduleResolution: "nodenext"` apps follow, needs file extensions
// in relative imports, also inside declaration files. The sources import without them (they are
// bundled), so the emitted `.d.ts` files get `.js` or `/index.js` added here.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const root = "dist/types";
const relative = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']*)(["'])/g;

function declarations(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return declarations(path);
    return entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

function withExtension(file, specifier) {
  if (/\.js$/.test(specifier)) return specifier;
  const target = join(dirname(file), specifier);
  if (existsSync(`${target}.d.ts`)) return `${specifier}.js`;
  if (existsSync(join(target, "index.d.ts"))) return `${specifier.replace(/\/$/, "")}/index.js`;
  throw new Error(`${file}: cannot find the declarations of ${specifier}`);
}

for (const file of declarations(root)) {
  const text = readFileSync(file, "utf8");
  const fixed = text.replace(
    relative,
    (_match, before, specifier, after) => `${before}${withExtension(file, specifier)}${after}`,
  );
  if (fixed !== text) writeFileSync(file, fixed);
}
