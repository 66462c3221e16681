import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { type MinifyOptions, minify } from "terser";
import { defineConfig, type Plugin, type UserConfig } from "vite";
import { locales } from "./src/core/locale.ts";

/**
 * The widget is built in three passes (`npm run build:widget`):
 *
 * 1. `vite build`: the widget as ES modules in `dist/chunks/` — the page code as one chunk (the
 *    lazy chunks import what they share with it from it), and as chunks of their own the
 *    checkout (on the first Buy click), the storefront, the custom elements and each language
 *    but English.
 * 2. `vite build --mode loader`: `dist/embed.js`, a tiny classic script (IIFE) that reads its
 *    `data-*` attributes and imports the page chunk from `chunks/` beside itself, asking at the
 *    same time for the storefront's chunk when the page has one, for the custom elements' chunk
 *    when it has `<kiosk-*>` elements, for the theme's when something has `data-theme`, for the
 *    merchant's wording's when the page has some, for the page's language's, and for the page's
 *    products, so nothing waits for another file to be parsed.
 * 3. `vite build --mode lib`: `dist/kiosk.js`, one ES module for bundlers, dependencies left
 *    to the bundler.
 * 4. `vite build --mode preact` and `--mode react`: the components, `dist/preact/` with Preact
 *    left to the app (it must be the app's own), `dist/react/` with Preact and the widget inside
 *    and only React left to the app. The checkout and the languages stay chunks of their own.
 *
 * `dist/server/` belongs to the server build and is never emptied here.
 */
const manifest = "dist/chunks/.vite/manifest.json";
/**
 * JSX compiles to Preact's `h(type, props, ...children)`: shorter calls than the automatic
 * runtime's `jsx(type, { ...props, children: [...] })`, and no second vnode factory in the
 * page code (160 B gzip before the first click). Each `.tsx` module gets the factory imported
 * under names of its own, so a module's own `h` import does not clash with it. Type-checking and
 * the tests keep the automatic runtime (`tsconfig.json`): the two make the same vnodes.
 */
const jsx = { oxc: { jsx: { runtime: "classic", pragma: "_h", pragmaFrag: "_F" } } } as const;
const jsxFactory: Plugin = {
  name: "kiosk:jsx-factory",
  enforce: "pre",
  transform(code, id) {
    return id.endsWith(".tsx") ? `import { h as _h, Fragment as _F } from "preact";${code}` : null;
  },
};

/**
 * Vite wraps each dynamic `import()` in a helper that preloads the imported chunk's own imports
 * and CSS. The loader already asks for every chunk a page needs and the widget has no CSS files,
 * so the helper (1 KB) would only cost bytes before the first click: it is replaced by a call,
 * and each call by the `import()` it wraps once the chunks are rendered.
 */
const noPreloadHelper: Plugin = {
  name: "kiosk:no-preload-helper",
  enforce: "pre",
  load(id) {
    return id === "\0vite/preload-helper.js"
      ? "export const __vitePreload = (load) => load();"
      : null;
  },
  renderChunk(code) {
    return code.replace(/__vitePreload\(\(\) => ([\s\S]*?), __VITE_PRELOAD__\)/g, "$1");
  },
};

/**
 * Cuts from a dependency's file (`file`, the end of its path) the parts the widget never uses
 * (or puts `instead` in their place):
 * the page code carries each of these libraries whole, as one module. Each cut names its exact
 * text, so a version whose text differs fails the build instead of shipping untrimmed or
 * broken; and a widget module that names what was cut (`uses`) fails it too, since the tests
 * in happy-dom run the untrimmed library.
 */
function trim(
  file: string,
  cuts: ReadonlyArray<string | readonly [text: string, instead: string]>,
  uses: RegExp,
): Plugin {
  return {
    name: `kiosk:trim ${file}`,
    enforce: "pre",
    transform(code, id) {
      if (id.includes("/src/widget/") && uses.test(code)) {
        throw new Error(`${id} uses ${uses.exec(code)?.[0]}, which the build cuts from ${file}`);
      }
      if (!id.endsWith(file)) return null;
      let trimmed = code;
      for (const cut of cuts) {
        const [text, instead] = typeof cut === "string" ? [cut, ""] : cut;
        if (!trimmed.includes(text)) throw new Error(`${id} no longer has ${text}`);
        trimmed = trimmed.replace(text, instead);
      }
      // A cut that joins its two sides into a new word (`return(…),128` into `return128`) would
      // parse and only fail when run.
      const before = new Set(code.match(/[\w$]+/g));
      const joined = trimmed.match(/[\w$]+/g)?.find((word) => !before.has(word));
      if (joined) throw new Error(`${id}: a cut makes the new word ${joined}`);
      return trimmed;
    },
  };
}

/**
 * Signals' `subscribe`, `valueOf`/`toString`/`toJSON`, the Preact integration's brand, the
 * `watched`/`unwatched`/`name` options, `Symbol.dispose` on an effect's disposer, the words of
 * its errors and the effects `createModel` collects (210 B gzip before the first click).
 */
const trimSignals = trim(
  "/@preact/signals-core/dist/signals-core.module.js",
  [
    'l.prototype.subscribe=function(i){var t=this;return x(function(){var r=t.value;f(function(){return i(r)})},{name:"sub"})};',
    'l.prototype.valueOf=function(){return this.value};l.prototype.toString=function(){return this.value+""};l.prototype.toJSON=function(){return this.value};',
    'var i=Symbol.for("preact-signals");',
    "l.prototype.brand=i;",
    ";this.W=null==t?void 0:t.watched;this.Z=null==t?void 0:t.unwatched;this.name=null==t?void 0:t.name",
    "else f(function(){var i;null==(i=t.W)||i.call(t)})",
    "if(void 0===n)f(function(){var i;null==(i=t.Z)||i.call(t)})",
    "this.name=null==t?void 0:t.name;",
    "n[Symbol.dispose]=n;",
    // The words of errors that only a bug in the widget's own signals would throw (an effect
    // ended out of order, a cycle): the error is still thrown, with no message.
    ['throw new Error("Out-of-order effect")', "throw new Error"],
    ['throw new Error("Cycle detected");var i=d', "throw new Error;var i=d"],
    ['if(s>100)throw new Error("Cycle detected")', "if(s>100)throw new Error"],
    [
      'if(1&this.f)throw new Error("Cycle detected");this.f|=1',
      "if(1&this.f)throw new Error;this.f|=1",
    ],
    "m.prototype.dispose=function(){this.d()};",
    // The effects a `createModel` collects, to dispose of them with its model: the widget makes
    // no model.
    [
      "var n,o=void 0;function f(i){var t=o,r=n;o=void 0;n=void 0;try{return i()}finally{o=t;n=r}}",
      "var o=void 0;function f(i){var t=o;o=void 0;try{return i()}finally{o=t}}",
    ],
    "if(n)n.push(this)",
  ],
  /\.subscribe\(|\b(watched|unwatched|toJSON|valueOf|createModel)\b/,
);

/**
 * Preact's class lifecycle methods but the two the widget's components use (`componentDidMount`,
 * `componentWillUnmount`), context, `defaultProps`, error boundaries and `setState`, SVG and
 * MathML, which the widget never draws, `style` props, capture-phase handlers, `defaultValue`,
 * `defaultChecked` and the props set as attributes (`width`, `form`, `popover`…), which it never
 * gives, the calls to hooks that only plugins set on `options`, the `setTimeout` fallback for a
 * browser without promises, hydration, suspended renders and the adoption of the DOM a render
 * finds in its container (1,380 B gzip before the first click). The widget's Preact is its own,
 * never the host page's.
 */
const trimPreact = trim(
  "/preact/dist/preact.module.js",
  [
    "M&&null!=F.getDerivedStateFromProps&&(p.__s==p.state&&(p.__s=m({},p.__s)),m(p.__s,F.getDerivedStateFromProps(x,p.__s))),",
    "M&&null==F.getDerivedStateFromProps&&null!=p.componentWillMount&&p.componentWillMount(),",
    "M&&null==F.getDerivedStateFromProps&&x!==y&&null!=p.componentWillReceiveProps&&p.componentWillReceiveProps(x,P),",
    "||!p.__e&&null!=p.shouldComponentUpdate&&!1===p.shouldComponentUpdate(x,p.__s,P)",
    "null!=p.componentWillUpdate&&p.componentWillUpdate(x,p.__s,P),M&&null!=p.componentDidUpdate&&p.__h.push(function(){p.componentDidUpdate(y,d,_)})",
    "null!=p.getChildContext&&(i=m(m({},i),p.getChildContext())),",
    "M&&!v&&null!=p.getSnapshotBeforeUpdate&&(_=p.getSnapshotBeforeUpdate(y,d)),",
    'if("http://www.w3.org/2000/svg"==i)l=l.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else ',
    '"svg"==x?o="http://www.w3.org/2000/svg":"math"==x?o="http://www.w3.org/1998/Math/MathML":',
    '"foreignObject"==x?"http://www.w3.org/1999/xhtml":',
    // The props Preact sets as attributes rather than properties, but the three the widget
    // gives (`href`, `role`, `tabIndex`); and `<progress>`, which it never draws.
    [
      '"width"!=l&&"height"!=l&&"href"!=l&&"list"!=l&&"form"!=l&&"tabIndex"!=l&&"download"!=l&&"rowSpan"!=l&&"colSpan"!=l&&"role"!=l&&"popover"!=l&&',
      '"href"!=l&&"tabIndex"!=l&&"role"!=l&&',
    ],
    ['n.setAttribute(l,"popover"==l&&1==u?"":u)', "n.setAttribute(l,u)"],
    [
      '"progress"==x&&null==w?u.removeAttribute("value"):null!=w&&(w!==u[s]||"progress"==x&&!w||',
      "null!=w&&(w!==u[s]||",
    ],
    // With neither, every element is HTML, as `createElement` makes it on an HTML page, so
    // Preact need not name the namespace.
    'o||(o="http://www.w3.org/1999/xhtml"),',
    ["document.createElementNS(o,x,k.is&&k)", "document.createElement(x,k.is&&k)"],
    // The hooks a plugin (preact/hooks, preact/devtools) would set on `options`.
    "null==o&&null!=l.vnode&&l.vnode(e),",
    "l.vnode&&l.vnode(o),",
    ",(s=l.__b)&&s(u)",
    "A=l.__r,",
    "A&&A(u),",
    "A&&A(u),",
    ["return(s=l.diffed)&&s(u),", "return "],
    "l.__c&&l.__c(u,n),",
    "l.__m&&l.__m(t,e),",
    "l.unmount&&l.unmount(n),",
    "l.__&&l.__(u,t),",
    "l.event?l.event(u):",
    // Error boundaries and setState: the widget's components have neither.
    "for(var i,r,o;l=l.__;)if((i=l.__c)&&!i.__)try{if((r=i.constructor)&&null!=r.getDerivedStateFromError&&(i.setState(r.getDerivedStateFromError(n)),o=i.__d),null!=i.componentDidCatch&&(i.componentDidCatch(n,t||{}),o=i.__d),o)return i.__E=i}catch(l){n=l}",
    'C.prototype.setState=function(n,l){var u;u=null!=this.__s&&this.__s!=this.state?this.__s:this.__s=m({},this.state),"function"==typeof n&&(n=n(m({},u),this.props)),n&&m(u,n),null!=n&&this.__v&&(l&&this._sb.push(l),A(this))},',
    // Components' defaultProps and contextType: the widget's give neither.
    [
      ',"function"==typeof l&&null!=l.defaultProps)for(o in l.defaultProps)void 0===e[o]&&(e[o]=l.defaultProps[o]);',
      ");",
    ],
    ["I=(s=F.contextType)&&i[s.__c],P=s?I?I.props.value:s.__:i,", "P=i,"],
    "I&&I.sub(p),",
    // What only the cut lifecycle methods read (the props and state before an update), the queue
    // of `setState`'s callbacks, always empty without it, and what an update skipped by
    // `shouldComponentUpdate` would reset (the one skipped now is the vnode rendered already).
    "y=p.props,d=p.state,",
    ["p.__h=[],p._sb=[])", "p.__h=[])"],
    "w.push.apply(p.__h,p._sb),p._sb=[],",
    ",w.push.apply(p.__h,p._sb),p._sb=[]",
    "u.__v!=t.__v&&(p.props=x,p.state=p.__s,p.__d=!1),",
    // `style` (an object, or a string, which would fall through to the element's `style`
    // property and still apply).
    // Capture-phase handlers (`onClickCapture`): all the widget's listen as events bubble.
    ['r=l!=(l=l.replace(s,"$1")),', "r=!1,"],
    [
      "n.addEventListener(l,r?v:p,r)):n.removeEventListener(l,r?v:p,r)",
      "n.addEventListener(l,p)):n.removeEventListener(l,p)",
    ],
    "s=/(PointerCapture)$|Capture$/i,",
    ",v=V(!0)",
    '"style"==l)if("string"==typeof u)n.style.cssText=u;else{if("string"==typeof t&&(n.style.cssText=t=""),t)for(l in t)u&&l in u||z(n.style,l,"");if(u)for(l in u)t&&u[l]==t[l]||z(n.style,l,u[l])}else if(',
    // `onFocusIn`/`onFocusOut`, whose events' names Preact lower-cases: the widget gives neither.
    '||"onFocusOut"==l||"onFocusIn"==l',
    // `options.debounceRendering`, which only a plugin sets, and the `setTimeout` fallback for a
    // browser without promises: renders are queued as microtasks.
    [
      "(!n.__d&&(n.__d=!0)&&i.push(n)&&!H.__r++||r!=l.debounceRendering)&&((r=l.debounceRendering)||o)(H)",
      "!n.__d&&(n.__d=!0)&&i.push(n)&&!H.__r++&&o(H)",
    ],
    [
      'o="function"==typeof Promise?Promise.prototype.then.bind(Promise.resolve()):setTimeout,',
      "o=Promise.prototype.then.bind(Promise.resolve()),",
    ],
    // Hydration, and a render suspended by a thrown promise (Suspense, `lazy`): the widget renders
    // into a container of its own (never the document) with `render(ui, container)` and throws
    // no promise, so no render hydrates and the flags of a suspended one are never set.
    "t==document&&(t=document.documentElement),",
    ['o=(r="function"==typeof i)?null:i&&i.__k||t.__k,', "o=t.__k,"],
    ["u=(!r&&i||t).__k=", "u=t.__k="],
    [
      "!r&&i?[i]:o?null:t.firstChild?n.call(t.childNodes):null,e,!r&&i?i:o?o.__e:t.firstChild,r,f)",
      "o?null:t.firstChild?n.call(t.childNodes):null,e,o?o.__e:t.firstChild,!1,f)",
    ],
    ["32&u.__u?[t]:null,i,null==t?$(u):t,!!(32&u.__u),r)", "null,i,null==t?$(u):t,!1,r)"],
    "128&t.__u&&(c=!!(32&t.__u),o=[f=u.__e=t.__e])",
    [
      "if(e.length=h,u.__v=null,c||null!=o){if(n.then){for(u.__u|=c?160:128;f&&8==f.nodeType&&f.nextSibling;)f=f.nextSibling;null!=o&&(o[o.indexOf(f)]=null),u.__e=f}else if(null!=o)for(j=o.length;j--;)b(o[j])}else u.__e=t.__e;null==u.__k&&(u.__k=t.__k||[]),n.then||B(u),",
      "if(e.length=h,u.__v=null,null!=o)for(j=o.length;j--;)b(o[j]);else u.__e=t.__e;null==u.__k&&(u.__k=t.__k||[]),B(u),",
    ],
    "128&u.__u?void 0:",
    "c&&(c=!1),",
    ["m===k||c&&u.data==k||(u.data=k)", "m===k||(u.data=k)"],
    ["!c&&null!=e", "null!=e"],
    ['c&&"function"!=typeof y||m[s]===y', "m[s]===y"],
    ["if(h)c||p&&(", "if(h)p&&("],
    ['c&&"textarea"!=x||(s="value",', '(s="value",'],
    // `defaultValue` and `defaultChecked`: the widget's fields are given their `value`.
    ['"textarea"==x&&null!=k.defaultValue?null:', ""],
    ['||"value"==s&&"defaultValue"in k||"checked"==s&&"defaultChecked"in k', ""],
    // The DOM a render would adopt: the widget renders only into a container it has just made
    // (its place emptied first), so Preact never finds nodes there to take over or remove.
    ["o?null:t.firstChild?n.call(t.childNodes):null", "null"],
    [
      'if(null!=e)for(s=0;s<e.length;s++)if((y=e[s])&&"setAttribute"in y==!!x&&(x?y.localName==x:3==y.nodeType)){u=y,e[s]=null;break}',
      "",
    ],
    ["u=document.createElement(x,k.is&&k),e=null}", "u=document.createElement(x,k.is&&k)}"],
    "if(e=e&&n.call(u.childNodes),null!=e)for(m={},s=0;s<u.attributes.length;s++)m[(y=u.attributes[s]).name]=y.value;",
    ['else if(p&&(u.innerHTML=""),L(', 'else p&&(u.innerHTML=""),L('],
    [",e?e[0]:i.__k&&$(i,0),c,a),null!=e)for(s=e.length;s--;)b(e[s]);", ",i.__k&&$(i,0),c,a);"],
    ["else null==o&&u.__v==t.__v?", "else u.__v==t.__v?"],
    // A `<template>` drawn by Preact (its children would go into its `content`): the widget's
    // templates are the merchant's, read from the page, never drawn.
    ['"template"==t.type?u.content:u', "u"],
    [
      "if(e.length=h,u.__v=null,null!=o)for(j=o.length;j--;)b(o[j]);else u.__e=t.__e;",
      "e.length=h,u.__v=null,u.__e=t.__e;",
    ],
  ],
  /\b(width|height|list|form|download|rowSpan|colSpan|popover)=|[{,]\s*(download|rowSpan|colSpan|popover)\s*:|<progress\b|\b(getDerivedStateFromProps|componentWillMount|componentWillReceiveProps|shouldComponentUpdate|componentWillUpdate|componentDidUpdate|getChildContext|getSnapshotBeforeUpdate|createContext|getDerivedStateFromError|componentDidCatch|setState|defaultProps|contextType|foreignObject)\b|<svg|<math|["'`](svg|math|progress)["'`]|import\s*\{[^}]*\boptions\b[^}]*\}\s*from\s*"preact"|"preact\/(hooks|devtools|debug|compat)"|\bstyle=\{|[{,]\s*style:|\bon[A-Z]\w*Capture\b|\bonFocus(In|Out)\b|\bdebounceRendering\b|\bhydrate\b|\bdefault(Value|Checked)\b|[(\s]<template[\s>]|\bh\(\s*["'`]template["'`]/,
);

/**
 * A second minifier over the built chunks: terser's passes, run on what the build's own
 * minifier made, find folds it leaves (110-150 B gzip in the page code and the checkout). A
 * chunk keeps terser's output only where it is smaller in gzip -9 and no larger in brotli (what
 * browsers mostly get), since terser makes the language catalogues a few bytes larger. Its safe
 * options only: the unsafe ones assume that reading a property does nothing, and reading a
 * signal's `value` subscribes to it.
 */
const terserOptions: MinifyOptions = {
  module: true,
  // The syntax the build targets (es2022) is terser's to write too (`??`, `?.`, shorter props).
  compress: { passes: 3, ecma: 2020 },
  // The compile hint (see `postBanner`) is a comment V8 reads.
  format: { comments: /allFunctionsCalledOnLoad/ },
};
/** Terser's version and options, which decide what it makes of a chunk. */
const terserMark = JSON.stringify([
  (
    JSON.parse(
      readFileSync(createRequire(import.meta.url).resolve("terser/package.json"), "utf8"),
    ) as { version: string }
  ).version,
  // A pattern's text (JSON writes a RegExp as {}).
  JSON.stringify(terserOptions, (_key, value) => (value instanceof RegExp ? String(value) : value)),
]);
const terserPass: Plugin = {
  name: "kiosk:terser-pass",
  // A chunk's name is hashed before this pass: what decides the pass's output goes into the hash,
  // so a chunk cached for a year under its name is never another terser's output.
  augmentChunkHash: () => terserMark,
  async generateBundle(_options, bundle) {
    const gzipped = (code: string) => gzipSync(code, { level: 9 }).length;
    // As `scripts/precompress.js` makes the copies the proxy sends.
    const brotli = (code: string) =>
      brotliCompressSync(code, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(code),
        },
      }).length;
    for (const file of Object.values(bundle)) {
      if (file.type !== "chunk") continue;
      const { code } = await minify(file.code, terserOptions);
      const smaller =
        code !== undefined &&
        gzipped(code) < gzipped(file.code) &&
        brotli(code) <= brotli(file.code);
      if (smaller) file.code = code;
    }
  },
};

function chunks(): UserConfig {
  return {
    ...jsx,
    plugins: [noPreloadHelper, jsxFactory, trimSignals, trimPreact, terserPass],
    publicDir: false,
    build: {
      outDir: "dist/chunks",
      emptyOutDir: true,
      target: "es2022",
      manifest: true,
      modulePreload: false,
      rolldownOptions: {
        input: { kiosk: "src/widget/embed-entry.ts" },
        // Code the lazy chunks share with the page stays in the page's chunk (which then exports
        // it) rather than in a shared chunk of its own: one file and one request fewer.
        preserveEntrySignatures: "allow-extension",
        output: {
          format: "es",
          // Six characters of content hash (36 bits) tell a dozen files' versions apart; each
          // name is written in the page code and in embed.js, where every random character costs
          // gzip nearly a byte, so longer ones made the page code before a click grow and
          // shrink by several bytes with any change to a lazy chunk.
          entryFileNames: "[name]-[hash:6].js",
          chunkFileNames: "[name]-[hash:6].js",
          // V8's compile hint: the page code's functions are nearly all called as it mounts, so
          // they are compiled with the whole file, off the main thread while it streams in,
          // instead of one by one on the main thread as each is first called.
          postBanner: (chunk) => (chunk.isEntry ? "//# allFunctionsCalledOnLoad" : ""),
        },
      },
    },
  };
}

function loader(): UserConfig {
  const entries = JSON.parse(readFileSync(manifest, "utf8")) as Record<
    string,
    { file: string; isEntry?: boolean; imports?: string[] }
  >;
  const entry = Object.values(entries).find((chunk) => chunk.isEntry);
  if (!entry) throw new Error(`${manifest} names no entry: run \`vite build\` first`);
  // One chunk for the page code, so the loader's one import asks for all of it: a static import
  // would be found only once the entry is parsed.
  if (entry.imports?.length) throw new Error(`${entry.file} imports ${entry.imports.join(", ")}`);
  const storefront = entries["src/widget/components/storefront.tsx"];
  if (!storefront) throw new Error(`${manifest} has no storefront chunk`);
  const elements = entries["src/widget/elements.ts"];
  if (!elements) throw new Error(`${manifest} has no custom elements chunk`);
  const theme = entries["src/widget/theme.ts"];
  if (!theme) throw new Error(`${manifest} has no theme chunk`);
  const overrides = entries["src/widget/i18n/overrides.ts"];
  if (!overrides) throw new Error(`${manifest} has no chunk for the merchant's wording`);
  const languages: Record<string, string> = {};
  for (const locale of locales.filter((locale) => locale !== "en")) {
    const chunk = entries[`src/widget/i18n/${locale}.ts`];
    if (!chunk) throw new Error(`${manifest} has no chunk for the language ${locale}`);
    languages[locale] = chunk.file;
  }
  return {
    publicDir: false,
    define: {
      __KIOSK_ENTRY__: JSON.stringify(entry.file),
      __KIOSK_STOREFRONT__: JSON.stringify(storefront.file),
      __KIOSK_ELEMENTS__: JSON.stringify(elements.file),
      __KIOSK_THEME__: JSON.stringify(theme.file),
      __KIOSK_OVERRIDES__: JSON.stringify(overrides.file),
      __KIOSK_LOCALES__: JSON.stringify(languages),
    },
    build: {
      outDir: "dist",
      emptyOutDir: false,
      target: "es2020",
      copyPublicDir: false,
      rolldownOptions: {
        input: "src/embed.ts",
        output: { format: "iife", entryFileNames: "embed.js" },
      },
    },
  };
}

function library(): UserConfig {
  return {
    ...jsx,
    plugins: [jsxFactory],
    publicDir: false,
    build: {
      outDir: "dist",
      emptyOutDir: false,
      target: "es2022",
      copyPublicDir: false,
      minify: false,
      lib: { entry: "src/index.ts", formats: ["es"], fileName: () => "kiosk.js" },
      rolldownOptions: {
        external: [/^preact($|\/)/, /^@preact\/signals/, /^zod($|\/)/],
        output: { codeSplitting: false },
      },
    },
  };
}

function components(framework: "preact" | "react"): UserConfig {
  return {
    ...jsx,
    plugins: [jsxFactory],
    publicDir: false,
    build: {
      outDir: `dist/${framework}`,
      emptyOutDir: true,
      target: "es2022",
      copyPublicDir: false,
      minify: false,
      lib: { entry: `src/${framework}.ts`, formats: ["es"], fileName: () => "index.js" },
      rolldownOptions: {
        external:
          framework === "react"
            ? [/^react($|\/)/]
            : [/^preact($|\/)/, /^@preact\/signals/, /^ky$/, /^zod($|\/)/],
        output: {
          chunkFileNames: "[name]-[hash].js",
          // Frameworks with React Server Components render these only on the client.
          ...(framework === "react"
            ? { banner: (chunk: { isEntry: boolean }) => (chunk.isEntry ? '"use client";' : "") }
            : {}),
        },
      },
    },
  };
}

export default defineConfig(({ mode }) => {
  if (mode === "loader") return loader();
  if (mode === "lib") return library();
  if (mode === "preact" || mode === "react") return components(mode);
  return chunks();
});
