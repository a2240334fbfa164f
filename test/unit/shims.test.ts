// `pipshim shims` (src/act/shims.ts) on a folder of its own: which shims it makes for what is on
// PATH, with which text (pip ones under bash -p, python ones under sh), and /bin/sh for the pip
// shims on a system without /bin/bash. Files only; nothing is run.

import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { syncShims } from "../../src/act/shims.js";
import { PIPSHIM_BIN, SHIMS } from "../helpers/process.js";

/** A copy of the repository's shims/ (the committed shims only), and a folder of programs for PATH. */
function world(programs: string[]): { shims: string; bin: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), "pipshim-shims-"));
  const shims = join(root, "shims");
  cpSync(SHIMS, shims, { recursive: true, filter: (src) => !/\/(python|(pip|python)3\.[0-9]+)$/.test(src) });
  const bin = join(root, "on-path");
  mkdirSync(bin);
  for (const p of programs) writeFileSync(join(bin, p), "", { mode: 0o755 });
  return { shims, bin, done: () => rmSync(root, { recursive: true, force: true }) };
}

test("shims: pip3.X and python3.X for what PATH has, each with its family's text; removed when gone", () => {
  const w = world(["pip3.12", "python3.12", "python", "pip3.x", "python3"]);
  const first = syncShims(w.shims, w.bin, true);
  assert.deepEqual(first.added.sort(), ["pip3.12", "python", "python3.12"]);
  const pip = readFileSync(join(w.shims, "pip"), "utf8");
  assert.ok(pip.startsWith("#!/bin/bash -p\n"));
  assert.equal(readFileSync(join(w.shims, "pip3.12"), "utf8"), pip);
  const python = readFileSync(join(w.shims, "python3"), "utf8");
  assert.ok(python.startsWith("#!/bin/sh\n"));
  assert.equal(readFileSync(join(w.shims, "python3.12"), "utf8"), python);
  assert.equal(readFileSync(join(w.shims, "python"), "utf8"), python);
  assert.deepEqual(syncShims(w.shims, w.bin, true), { added: [], removed: [] }, "a second run changes nothing");
  rmSync(join(w.bin, "pip3.12"));
  assert.deepEqual(syncShims(w.shims, w.bin, true), { added: [], removed: ["pip3.12"] });
  w.done();
});

test("shims: without /bin/bash the pip shims get /bin/sh, the rest of their text unchanged; with it again, bash", () => {
  const w = world(["pip3.12"]);
  // bin/pipshim beside shims/, as in the repository (run as a program, it is under bash -p too).
  const entry = join(w.shims, "..", "bin", "pipshim");
  mkdirSync(join(w.shims, "..", "bin"));
  cpSync(PIPSHIM_BIN, entry);
  const entryText = readFileSync(entry, "utf8");
  assert.ok(entryText.startsWith("#!/bin/bash -p\n"));
  const bashText = readFileSync(join(w.shims, "pip"), "utf8");
  syncShims(w.shims, w.bin, false);
  assert.equal(readFileSync(entry, "utf8"), entryText.replace("#!/bin/bash -p\n", "#!/bin/sh\n"));
  for (const n of ["pip", "pip3", "pip3.12"]) assert.equal(readFileSync(join(w.shims, n), "utf8"), bashText.replace("#!/bin/bash -p\n", "#!/bin/sh\n"), n);
  // bash installed since: back under bash.
  syncShims(w.shims, w.bin, true);
  for (const n of ["pip", "pip3", "pip3.12"]) assert.equal(readFileSync(join(w.shims, n), "utf8"), bashText, n);
  assert.equal(readFileSync(entry, "utf8"), entryText);
  assert.ok(readdirSync(w.shims).includes(".pipshim-shims"));
  w.done();
});
