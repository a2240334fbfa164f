// Bundles src/main.ts into one CommonJS file, dist/pipshim.cjs: every module Node.js loads at
// start-up costs time on the hot path, and Node.js starts a CommonJS file about 4 ms sooner than
// an ES module (README, "Performance"). Commands other than pip are initialised only when used.
// execa and conf stay out of it: they are large, needed only by some commands, and loaded on
// demand (import()) from node_modules.
import { build } from "esbuild";
import { copyFileSync, readFileSync, rmSync } from "node:fs";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { pipshim: "src/main.ts" },
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  bundle: true,
  splitting: false,
  external: ["execa", "conf"],
  format: "cjs",
  platform: "node",
  target: "node18.19",
  define: { PIPSHIM_VERSION: JSON.stringify(version) },
  minify: true,
  legalComments: "none",
  logLevel: "warning",
});
// The Python side of a handed-over install (src/python/run_pip.py), run by bin/pipshim from dist/.
copyFileSync(new URL("../src/python/run_pip.py", import.meta.url), new URL("../dist/run_pip.py", import.meta.url));
