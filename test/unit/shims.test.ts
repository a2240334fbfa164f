// `pipshim shims` (src/act/shims.ts) on a folder of its own: which shims it makes for what is on
// PATH and for the commands of pipshim's environments, with which text (pip ones under bash -p,
// the rest under sh, this install's folder written in), what it removes (only its own), and
// /bin/sh for the pip shims on a system without /bin/bash. Files only; nothing is run.

import { COMMAND_NAMES } from "../fixtures/command-names.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMMAND_NAME, isCommandName, syncShims } from "../../src/act/shims.js";
import { PIPSHIM_BIN, TEMPLATES } from "../helpers/process.js";

/** An install (a copy of bin/pipshim and the templates), a shims folder, a folder of programs for PATH, and an environment's bin/. */
function world(programs: string[]) {
  const root = mkdtempSync(join(tmpdir(), "pipshim-shims-"));
  const install = join(root, "install");
  mkdirSync(join(install, "bin"), { recursive: true });
  cpSync(PIPSHIM_BIN, join(install, "bin", "pipshim"));
  cpSync(TEMPLATES, join(install, "shims"), { recursive: true });
  const bin = join(root, "on-path");
  mkdirSync(bin);
  for (const p of programs) writeFileSync(join(bin, p), "", { mode: 0o755 });
  const venv = join(root, "venv");
  mkdirSync(join(venv, "bin"), { recursive: true });
  const shimsDir = join(root, "data", "pipshim", "shims");
  const sync = (places: string[], hasBash = true) =>
    syncShims({ install: { root: install, bin: join(install, "bin", "pipshim"), templates: join(install, "shims"), shimsDir }, PATH: bin, places, hasBash });
  return { root, install, bin, venv, shimsDir, sync, done: () => rmSync(root, { recursive: true, force: true }) };
}

const exe = (dir: string, name: string, text = "#!/bin/sh\n") => writeFileSync(join(dir, name), text, { mode: 0o755 });

test("shims: pip, pip3, python3 always; pip3.X and python3.X for what PATH has; this install's folder written in; removed when gone", () => {
  const w = world(["pip3.12", "python3.12", "python", "pip3.x", "python3"]);
  const first = w.sync([]);
  assert.deepEqual(first.added.sort(), ["pip", "pip3", "pip3.12", "python", "python3", "python3.12"]);
  const pip = readFileSync(join(w.shimsDir, "pip"), "utf8");
  assert.ok(pip.startsWith("#!/bin/bash -p\n"));
  assert.ok(pip.includes(`_pipshim_root='${w.install}'`));
  assert.equal(readFileSync(join(w.shimsDir, "pip3.12"), "utf8"), pip);
  const python = readFileSync(join(w.shimsDir, "python3"), "utf8");
  assert.ok(python.startsWith("#!/bin/sh\n"));
  assert.equal(readFileSync(join(w.shimsDir, "python3.12"), "utf8"), python);
  assert.ok(readdirSync(w.shimsDir).includes(".pipshim-shims"));
  assert.deepEqual(w.sync([]), { added: [], removed: [] }, "a second run changes nothing");
  rmSync(join(w.bin, "pip3.12"));
  assert.deepEqual(w.sync([]), { added: [], removed: ["pip3.12"] });
  w.done();
});

test("shims: a shim for each command (and python name) of the places; removed when no place has it; a file pipshim did not make is left alone", () => {
  const w = world([]);
  exe(join(w.venv, "bin"), "pytest");
  exe(join(w.venv, "bin"), "flask");
  exe(join(w.venv, "bin"), "python3.11");
  exe(join(w.venv, "bin"), "pip-3.11");
  writeFileSync(join(w.venv, "bin", "activate"), "", { mode: 0o644 });
  writeFileSync(join(w.venv, "bin", "notes.txt"), "", { mode: 0o644 });
  const r = w.sync([w.venv]);
  assert.deepEqual(r.added.filter((n) => !["pip", "pip3", "python3"].includes(n)).sort(), ["flask", "pytest", "python3.11"]);
  assert.equal(readFileSync(join(w.shimsDir, "pytest"), "utf8"), readFileSync(join(w.shimsDir, "python3"), "utf8"));
  assert.equal(readFileSync(join(w.shimsDir, ".places"), "utf8"), `#command-name ${COMMAND_NAME}\n${w.venv}\n`);
  writeFileSync(join(w.shimsDir, "mine"), "#!/bin/sh\necho mine\n", { mode: 0o755 });
  rmSync(join(w.venv, "bin", "flask"));
  assert.deepEqual(w.sync([w.venv]), { added: [], removed: ["flask"] });
  const gone = w.sync([]);
  assert.deepEqual([gone.added, gone.removed.sort()], [[], ["pytest", "python3.11"]]);
  assert.ok(readdirSync(w.shimsDir).includes("mine"), "not pipshim's: kept");
  w.done();
});

test("shims: without /bin/bash the pip shims (and bin/pipshim) get /bin/sh, the rest of their text unchanged; with it again, bash", () => {
  const w = world(["pip3.12"]);
  const entry = join(w.install, "bin", "pipshim");
  const entryText = readFileSync(entry, "utf8");
  assert.ok(entryText.startsWith("#!/bin/bash -p\n"));
  w.sync([], true);
  const bashText = readFileSync(join(w.shimsDir, "pip"), "utf8");
  w.sync([], false);
  assert.equal(readFileSync(entry, "utf8"), entryText.replace("#!/bin/bash -p\n", "#!/bin/sh\n"));
  for (const n of ["pip", "pip3", "pip3.12"]) assert.equal(readFileSync(join(w.shimsDir, n), "utf8"), bashText.replace("#!/bin/bash -p\n", "#!/bin/sh\n"), n);
  w.sync([], true);
  for (const n of ["pip", "pip3", "pip3.12"]) assert.equal(readFileSync(join(w.shimsDir, n), "utf8"), bashText, n);
  assert.equal(readFileSync(entry, "utf8"), entryText);
  w.done();
});


for (const [name, yes] of COMMAND_NAMES) {
  test(`command name (TypeScript): ${JSON.stringify(name)} ${yes ? "gets" : "gets no"} shim`, () => assert.equal(isCommandName(name), yes));
}
