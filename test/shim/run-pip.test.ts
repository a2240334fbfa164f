// The Python side of a handed-over install (dist/run_pip.py) keeps the command shims as the
// TypeScript side does (src/act/shims.ts): one table of command names (test/fixtures/command-names.ts)
// put in an environment's bin/, and both sides must shim exactly the same ones, and remove them
// again when they are gone.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMMAND_NAMES } from "../fixtures/command-names.js";
import { makeShims, REPO } from "../helpers/process.js";

function pythonSync(shims: string) {
  const code = "import sys; sys.path.insert(0, sys.argv[1]); import run_pip; run_pip.command_shims(sys.argv[2])";
  const r = spawnSync("/usr/bin/python3", ["-I", "-c", code, join(REPO, "dist"), shims], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
}

test("command shims: dist/run_pip.py shims exactly the names TypeScript does, with the same text, and removes them when they are gone", () => {
  const root = mkdtempSync(join(tmpdir(), "pipshim-run-pip-"));
  try {
    const place = join(root, "proj", ".venv");
    const bin = join(place, "bin");
    mkdirSync(bin, { recursive: true });
    const shims = join(root, "shims");
    makeShims(shims, "/usr/bin:/bin", [place]);
    const fixed = new Set(readdirSync(shims));
    const template = readFileSync(join(shims, "python3"), "utf8");

    for (const [name] of COMMAND_NAMES) if (name) writeFileSync(join(bin, name), "#!/bin/sh\n", { mode: 0o755 });
    writeFileSync(join(bin, "not-executable"), "", { mode: 0o644 });
    mkdirSync(join(bin, "a-folder"));
    pythonSync(shims);
    const byPython = readdirSync(shims).filter((n) => !fixed.has(n)).sort();
    const wanted = COMMAND_NAMES.filter(([n, yes]) => yes && !fixed.has(n)).map(([n]) => n).sort();
    assert.deepEqual(byPython, wanted, "the Python side shims the table's commands, and nothing else");
    for (const n of byPython) assert.equal(readFileSync(join(shims, n), "utf8"), template, n);

    // The TypeScript side, from the same folder, wants the very same commands; besides them, it
    // makes the python names a project's environment has (python, python3.X), which an install
    // never adds, so the Python side need not.
    makeShims(shims, "/usr/bin:/bin", [place]);
    const pythonNames = COMMAND_NAMES.map(([n]) => n).filter((n) => /^python(3\.[0-9]+)?$/.test(n) && !fixed.has(n));
    assert.deepEqual(readdirSync(shims).filter((n) => !fixed.has(n)).sort(), [...wanted, ...pythonNames].sort());

    // A command uninstalled: its shim goes; one the user wrote there with the same name stays.
    rmSync(join(bin, "pytest"));
    rmSync(join(bin, "flask"));
    writeFileSync(join(shims, "flask"), "#!/bin/sh\necho mine\n");
    chmodSync(join(shims, "flask"), 0o755);
    pythonSync(shims);
    const after = readdirSync(shims);
    assert.ok(!after.includes("pytest"), "a stale shim is removed");
    assert.equal(readFileSync(join(shims, "flask"), "utf8"), "#!/bin/sh\necho mine\n", "a file pipshim did not write is kept");
    assert.ok(fixed.size > 0 && [...fixed].every((n) => after.includes(n)), "the fixed shims stay");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
