// Bundles src/cli.ts into dist/ (one file for the hot path, chunks for what loads on demand):
// measured start-up, bundled vs not, is in README.md ("Performance").
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { pipshim: "src/cli.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node18.19",
  define: { PIPSHIM_VERSION: JSON.stringify(version) },
  banner: { js: "import { createRequire as __pipshimRequire } from 'node:module'; const require = __pipshimRequire(import.meta.url);" },
  chunkNames: "chunks/[name]-[hash]",
  legalComments: "none",
  logLevel: "warning",
});
