// The embeds a merchant would otherwise pick, as their script tags load them, from the bench's
// own devDependencies (never from their CDNs: every byte is served from loopback).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { transform } from "esbuild";

const require = createRequire(import.meta.url);

function packageDir(name) {
  let directory;
  try {
    directory = dirname(require.resolve(`${name}/package.json`));
  } catch {
    // Some packages do not export package.json; find the folder through node_modules.
    directory = join(process.cwd(), "node_modules", name);
  }
  if (!existsSync(join(directory, "package.json"))) {
    throw new Error(`${name} is not installed: run \`npm install\` (a devDependency of the bench)`);
  }
  return directory;
}

const versionOf = (directory) =>
  JSON.parse(readFileSync(join(directory, "package.json"), "utf8")).version;

/**
 * Each peer: its files (URL path → bytes), the tags a merchant pastes, and why the rows that
 * need a card or a checkout of ours cannot be compared.
 */
export async function loadPeers() {
  const shopify = packageDir("@shopify/buy-button-js");
  const polar = packageDir("@polar-sh/checkout");
  const whop = packageDir("@whop/checkout");
  // npm ships Shopify's UMD unminified; its CDN serves it minified, so it is measured minified.
  const shopifyCode = await transform(
    readFileSync(join(shopify, "lib", "buybutton.umd.js"), "utf8"),
    { minify: true, target: "es2017", legalComments: "none" },
  );
  const whopDir = join(whop, "dist", "static", "checkout");
  return [
    {
      name: "@shopify/buy-button-js",
      version: versionOf(shopify),
      files: { "/shopify/buy-button.min.js": Buffer.from(shopifyCode.code) },
      tags: `<script src="/shopify/buy-button.min.js"></script>`,
      noCard:
        "cards are fetched from Shopify's Storefront API and drawn in iframes, not reachable from loopback",
      noTotal: "the cart and checkout are pages on Shopify's origin",
    },
    {
      name: "@polar-sh/checkout",
      version: versionOf(polar),
      files: { "/polar/embed.global.js": readFileSync(join(polar, "dist", "embed.global.js")) },
      tags: `<script src="/polar/embed.global.js" data-auto-init defer></script>`,
      noCard: "no product card: a link opens Polar's hosted checkout",
      noTotal: "the checkout is an iframe of polar.sh",
    },
    {
      name: "@whop/checkout",
      version: versionOf(whop),
      files: {
        "/whop/loader.js": readFileSync(join(whopDir, "loader.js")),
        "/whop/index.js": readFileSync(join(whopDir, "index.js")),
      },
      tags: `<script src="/whop/loader.js" async defer></script>`,
      noCard: "no product card: the embed is an iframe of whop.com",
      noTotal: "the checkout is an iframe of whop.com",
    },
  ];
}
