// One table of python command lines, run against both readers: bin/pipshim's (does this call go to
// Node.js, as `python -m pip install/uninstall`?) and src/core/python-argv.ts's (which arguments
// pip gets). The shell may send more to Node.js than needed (Node.js then passes it through), but
// never less: a call whose pip arguments hold install or uninstall always reaches Node.js.

import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipArgsOfPython } from "../../src/core/python-argv.js";
import { PIPSHIM_BIN, makeShims, runProcess } from "../helpers/process.js";

const CASES: { argv: string[]; pip: string[] | undefined }[] = [
  { argv: ["-m", "pip", "install", "x"], pip: ["install", "x"] },
  { argv: ["-mpip", "install", "x"], pip: ["install", "x"] },
  { argv: ["-I", "-m", "pip", "uninstall", "-y", "x"], pip: ["uninstall", "-y", "x"] },
  { argv: ["-IEs", "-m", "pip", "install", "x"], pip: ["install", "x"] },
  { argv: ["-Im", "pip", "install", "x"], pip: ["install", "x"] },
  { argv: ["-W", "ignore", "-m", "pip", "install", "x"], pip: ["install", "x"] },
  { argv: ["-Wignore", "-X", "dev", "-m", "pip", "install", "x"], pip: ["install", "x"] },
  { argv: ["-m", "pip", "list"], pip: ["list"] },
  { argv: ["-m", "pip", "show", "install"], pip: ["show", "install"] },
  { argv: ["-m", "venv", "install"], pip: undefined },
  { argv: ["-c", "import sys", "-m", "pip", "install"], pip: undefined },
  { argv: ["script.py", "-m", "pip", "install"], pip: undefined },
  { argv: ["-", "-m", "pip", "install"], pip: undefined },
  { argv: ["--version", "-m", "pip", "install"], pip: undefined },
  { argv: [], pip: undefined },
];

const world = mkdtempSync(join(tmpdir(), "pipshim-python-shim-"));
process.on("exit", () => rmSync(world, { recursive: true, force: true }));
mkdirSync(join(world, "bin"));
mkdirSync(join(world, "home"));
// The "real" python3 says it ran; the "node" says the shell asked it.
writeFileSync(join(world, "bin", "python3"), '#!/bin/sh\necho real\n');
writeFileSync(join(world, "node"), '#!/bin/sh\necho node\n');
chmodSync(join(world, "bin", "python3"), 0o755);
chmodSync(join(world, "node"), 0o755);

for (const c of CASES) {
  const name = JSON.stringify(c.argv);
  test(`python argv (TypeScript): ${name}`, () => assert.deepEqual(pipArgsOfPython(c.argv), c.pip));

  test(`python argv (sh): ${name}`, async () => {
    const env = { PATH: `${join(world, "bin")}:/usr/bin:/bin`, HOME: join(world, "home"), PIPSHIM_NODE: join(world, "node") };
    const r = await runProcess("/bin/sh", [PIPSHIM_BIN, "python3", ...c.argv], env, { cwd: world });
    const routes = c.pip !== undefined && (c.pip.includes("install") || c.pip.includes("uninstall"));
    if (routes) assert.equal(r.stdout, "node\n", r.stderr);
    else if (c.pip === undefined) assert.equal(r.stdout, "real\n", r.stderr);
  });
}

test("python3.X in front of a pyenv-like wrapper that runs the next python3.X on PATH (the shim again) ends, as pip's loops do", async () => {
  const w = mkdtempSync(join(tmpdir(), "pipshim-python-loop-"));
  try {
    const shims = join(w, "shims-of-pipshim");
    const wrappers = join(w, "wrappers");
    const libexec = join(w, "libexec");
    for (const d of [wrappers, libexec, join(w, "home")]) mkdirSync(d, { recursive: true });
    // As pyenv's python3.12 when 3.12 is not the active version: the next python3.12 on PATH
    // without its own folder, run with the tool's folders put in front of PATH.
    writeFileSync(
      join(wrappers, "python3.12"),
      `#!/bin/sh\nhere=${wrappers}\nrest=$(printf %s "$PATH" | tr : '\\n' | grep -vx "$here" | paste -sd:)\nfound=$(PATH=$rest command -v python3.12) || { echo "python3.12: not found" >&2; exit 127; }\necho hop >> ${join(w, "hops")}\nPATH=${libexec}:$PATH exec "$found" "$@"\n`,
    );
    chmodSync(join(wrappers, "python3.12"), 0o755);
    const PATH = `${shims}:${wrappers}:/usr/bin:/bin`;
    makeShims(shims, PATH);
    const r = await runProcess(join(shims, "python3.12"), ["--version"], { PATH, HOME: join(w, "home") }, { cwd: w, timeoutMs: 20_000 });
    assert.ok(r.status === 127 || r.status === 126, `${r.status} ${r.stderr}`);
    assert.ok(readFileSync(join(w, "hops"), "utf8").split("\n").length <= 12, "a few hops at most");
  } finally {
    rmSync(w, { recursive: true, force: true });
  }
});
