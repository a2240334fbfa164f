// The interpreter probe's pip part (src/facts/interpreter.ts): the option tables of the pip an
// interpreter imports, dumped once and cached; dumped again only when that pip changed. Runs
// /usr/bin/python3 behind small wrappers (so that the test can watch, and change, what it runs).

import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { interpreterBehindPip, interpreterFacts } from "../../src/facts/interpreter.js";
import type { InterpreterFacts } from "../../src/core/facts.js";

const PYTHON = "/usr/bin/python3";

function wrapper(dir: string, name: string, flags = ""): string {
  const path = join(dir, name);
  // Logs whether pipshim told the probe which pip it knows, then runs the real interpreter.
  writeFileSync(path, `#!/bin/sh\necho "\${PIPSHIM_PROBE_PIP:+known}" >> ${dir}/${name}.log\nexec ${PYTHON} ${flags} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

const runs = (dir: string, name: string) => (existsSync(join(dir, `${name}.log`)) ? readFileSync(join(dir, `${name}.log`), "utf8").split("\n").slice(0, -1) : []);

test("the pip's tables: dumped once, cached, and kept without a new dump while the pip is the same", { skip: !existsSync(PYTHON) }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "pipshim-probe-"));
  try {
    const python = wrapper(dir, "python");
    const env = { HOME: dir, PATH: "/usr/bin:/bin", PIPSHIM_PROBE_PIP: "inherited, never passed on" };
    const first = (await interpreterFacts(python, join(dir, "cache"), env)) as InterpreterFacts;
    assert.ok(first.pipOptions, "the tables were read");
    assert.match(first.pipOptions.version, /^\d+\.\d+/);
    assert.ok(first.pipOptions.install.some((o) => o.long.includes("--target")));
    assert.ok(first.pipOptions.main.every((o) => !o.long.includes("--target")));
    assert.deepEqual(runs(dir, "python"), [""], "a full probe, told nothing");

    const cached = (await interpreterFacts(python, join(dir, "cache"), env)) as InterpreterFacts;
    assert.deepEqual(cached.pipOptions, first.pipOptions);
    assert.equal(runs(dir, "python").length, 1, "the cache answered");

    // The interpreter changed (as a venv's site-packages does on every install), its pip did not.
    utimesSync(python, new Date(), new Date(Date.now() + 10_000));
    const again = (await interpreterFacts(python, join(dir, "cache"), env)) as InterpreterFacts;
    assert.deepEqual(runs(dir, "python"), ["", "known"], "probed again, told the pip it knows");
    assert.deepEqual(again.pipOptions, first.pipOptions, "and the tables kept");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a Python without pip still answers, without tables", { skip: !existsSync(PYTHON) }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "pipshim-probe-"));
  try {
    // -S: no site-packages, so no pip to import.
    const facts = (await interpreterFacts(wrapper(dir, "python", "-S"), join(dir, "cache"), { HOME: dir, PATH: "/usr/bin:/bin" })) as InterpreterFacts;
    assert.equal("error" in facts, false, JSON.stringify(facts));
    assert.equal(facts.pipOptions, undefined);
    assert.match(facts.version, /^3\.\d+$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a pip behind a wrapper (pyenv's shims) is probed on every call, but its tables are dumped only once", { skip: !existsSync(PYTHON) }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "pipshim-probe-"));
  try {
    const pip = join(dir, "pip");
    writeFileSync(pip, `#!/bin/sh\necho "\${PIPSHIM_PROBE_PIP:+known}" >> ${dir}/pip.log\nexec ${PYTHON} -m pip "$@"\n`);
    chmodSync(pip, 0o755);
    const env = { HOME: dir, PATH: "/usr/bin:/bin" };
    const first = (await interpreterBehindPip(pip, join(dir, "cache"), env)) as InterpreterFacts;
    assert.ok(first.pipOptions, JSON.stringify(first));
    const second = (await interpreterBehindPip(pip, join(dir, "cache"), env)) as InterpreterFacts;
    assert.deepEqual(runs(dir, "pip"), ["", "known"]);
    assert.deepEqual(second.pipOptions, first.pipOptions);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
