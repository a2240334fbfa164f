// A second externally managed Python, laid out as Homebrew lays one out (<prefix>/bin/python3.11,
// <prefix>/lib/python3.11/ with its own EXTERNALLY-MANAGED, only pip3 and pip3.11 in <prefix>/bin),
// ahead of /usr/bin on PATH behind the shims: pipshim routes that Python's installs, makes the
// project's .venv with it, and leaves both Pythons untouched.
//
// It is built from Debian's own files, offline: a copy of /usr/bin/python3.11 (CPython finds its
// prefix from its own location: <prefix>/lib/python3.11/os.py), the stdlib linked entry by entry
// (all but Debian's EXTERNALLY-MANAGED), Debian's pip linked into a dist-packages folder Debian's
// site.py looks in, and ensurepip finding its wheels in /usr/share/python-wheels as the system's does.

import assert from "node:assert/strict";
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";

const SYSTEM_STDLIB = "/usr/lib/python3.11";
const SYSTEM_DIST = "/usr/lib/python3/dist-packages";
const WHEELS = "/usr/share/python-wheels";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every path under a folder, links not followed: what was installed there shows up as a new name. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name === "__pycache__") continue;
      const p = join(d, name);
      out.push(p);
      if (lstatSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

function pipScript(python: string): string {
  // What pip's installer writes for a console script.
  return [
    `#!${python}`,
    "# -*- coding: utf-8 -*-",
    "import re",
    "import sys",
    "from pip._internal.cli.main import main",
    'if __name__ == "__main__":',
    '    sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])',
    "    sys.exit(main())",
    "",
  ].join("\n");
}

/** Builds the second Python at `prefix`; returns its python3.11. */
function buildSecondPython(prefix: string): string {
  const bin = join(prefix, "bin");
  const stdlib = join(prefix, "lib", "python3.11");
  mkdirSync(bin, { recursive: true });
  mkdirSync(stdlib, { recursive: true });
  const python = join(bin, "python3.11");
  copyFileSync("/usr/bin/python3.11", python);
  chmodSync(python, 0o755);
  symlinkSync("python3.11", join(bin, "python3"));
  // The stdlib, lib-dynload included; not Debian's marker, and not its (empty) package folders.
  for (const name of readdirSync(SYSTEM_STDLIB)) {
    if (name === "EXTERNALLY-MANAGED" || name === "site-packages" || name === "dist-packages") continue;
    symlinkSync(join(SYSTEM_STDLIB, name), join(stdlib, name));
  }
  writeFileSync(
    join(stdlib, "EXTERNALLY-MANAGED"),
    "[externally-managed]\nError=To install Python packages system-wide, try brew install\n xyz, where xyz is the package you are trying to\n install.\n",
  );
  // pip: Debian's (vendored, offline), where Debian's site.py looks under this prefix.
  const site = join(stdlib, "dist-packages");
  mkdirSync(site);
  for (const name of readdirSync(SYSTEM_DIST)) {
    if (name === "pip" || /^pip-[0-9.]+\.dist-info$/.test(name)) symlinkSync(join(SYSTEM_DIST, name), join(site, name));
  }
  // Homebrew's python ships pip3 and pip3.11, and no pip.
  for (const name of ["pip3", "pip3.11"]) {
    writeFileSync(join(bin, name), pipScript(python));
    chmodSync(join(bin, name), 0o755);
  }
  return python;
}

e2e("a second externally managed Python (Homebrew's layout) before /usr/bin: its pip3.11 and python3 -m pip make .venv with it", async (sb) => {
  const prefix = join(sb.root, "linuxbrew", "opt", "python@3.11");
  const python = buildSecondPython(prefix);
  const bin = join(prefix, "bin");
  const bare = { ...sb.env, PATH: `${bin}:/usr/bin:/bin` };
  const scratch = sb.dir("scratch");

  // The built Python is what it should be, before pipshim is involved.
  const facts = await sb.run(python, ["-c", "import sys, sysconfig; print(sys.prefix); print(sys.base_prefix); print(sysconfig.get_path('stdlib'))"], { env: bare, cwd: scratch });
  assert.equal(facts.status, 0, facts.stderr);
  assert.equal(facts.stdout, `${prefix}\n${prefix}\n${join(prefix, "lib", "python3.11")}\n`);
  const own = await sb.run(join(bin, "pip3.11"), ["--version"], { env: bare, cwd: scratch });
  assert.match(own.stdout, new RegExp(`^pip \\S+ from ${escape(join(prefix, "lib", "python3.11", "dist-packages", "pip"))} \\(python 3\\.11\\)$`, "m"), own.stderr);
  const refused = await sb.run(join(bin, "pip3.11"), ["install", "x"], { env: bare, cwd: scratch });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /externally-managed-environment/);
  assert.match(refused.stderr, /try brew install/);
  // venv works for it: ensurepip finds Debian's wheels (its version is theirs, not the bundled
  // one's), and a venv made without pip has it as its base (pipshim's, below, get pip too).
  const wheel = readdirSync(WHEELS).find((n) => /^pip-[0-9.]+-py3-none-any\.whl$/.test(n));
  const ensurepip = await sb.run(python, ["-c", "import ensurepip; print(ensurepip.version())"], { env: bare, cwd: scratch });
  assert.equal(ensurepip.stdout, `${wheel?.split("-")[1]}\n`, ensurepip.stderr);
  const probeVenv = join(sb.root, "probe-venv");
  const made = await sb.run(python, ["-m", "venv", "--without-pip", probeVenv], { env: bare, cwd: scratch });
  assert.equal(made.status, 0, made.stderr);
  assert.match(readFileSync(join(probeVenv, "pyvenv.cfg"), "utf8"), new RegExp(`^home = ${escape(bin)}$`, "m"));
  const before = tree(prefix);

  // The shims first, then the second Python, then the rest of the sandbox's PATH.
  const rest = sb.env.PATH.split(":").filter((d) => d !== sb.shims);
  const PATH = [sb.shims, bin, ...rest].join(":");
  const env = { PATH };
  // The generated pip3.11 and python3.11 shims are there when a real one is on PATH at build time
  // (Debian's are); otherwise `pipshim shims` makes them for this PATH.
  if (!["pip3", "pip3.11", "python3", "python3.11"].every((n) => existsSync(join(sb.shims, n)))) {
    const s = await sb.pipshim(["shims"], { env });
    assert.equal(s.status, 0, s.stderr);
  }
  for (const n of ["pip3.11", "python3", "python3.11"]) {
    const w = await sb.run("/bin/sh", ["-c", `command -v ${n}`], { env, cwd: scratch });
    assert.equal(w.stdout, `${join(sb.shims, n)}\n`, `${n} is pipshim's shim`);
  }
  const managedLine = (real: string, root: string) =>
    new RegExp(`^pipshim: ${escape(real)} is externally managed \\(PEP 668\\); installing into .*${escape(root.slice(sb.root.length))}/\\.venv \\(project: pyproject\\.toml; creating it\\)$`, "m");
  const baseOf = async (venv: string) => {
    assert.ok(existsSync(join(venv, "bin", "pip")), `${venv} has pip`);
    assert.match(readFileSync(join(venv, "pyvenv.cfg"), "utf8"), new RegExp(`^home = ${escape(bin)}$`, "m"));
    const r = await sb.run(join(venv, "bin", "python"), ["-c", "import sys; print(sys.base_prefix)"], { env });
    return r.stdout;
  };

  // 1. pip3.11 install in a fresh project: routed, the .venv made with the second Python.
  const one = sb.dir("one", { "pyproject.toml": "" });
  const r1 = await sb.run("pip3.11", ["install", "pslib"], { env, cwd: one });
  assert.equal(r1.status, 0, r1.stdout + r1.stderr);
  assert.match(r1.stderr, managedLine(python, one), r1.stderr);
  assert.equal(await baseOf(join(one, ".venv")), `${prefix}\n`);
  const i1 = await sb.run(join(one, ".venv", "bin", "python"), ["-c", "import pslib; print(pslib.VALUE)"], { env });
  assert.equal(i1.stdout, "pslib 1.0\n", i1.stderr);

  // 2. python3 -m pip install in another fresh project: the same.
  const two = sb.dir("two", { "pyproject.toml": "" });
  const r2 = await sb.run("python3", ["-m", "pip", "install", "psdep"], { env, cwd: two });
  assert.equal(r2.status, 0, r2.stdout + r2.stderr);
  assert.match(r2.stderr, managedLine(join(bin, "python3"), two), r2.stderr);
  assert.equal(await baseOf(join(two, ".venv")), `${prefix}\n`);
  const i2 = await sb.run(join(two, ".venv", "bin", "python"), ["-c", "import psdep, pslib; print('ok')"], { env });
  assert.equal(i2.stdout, "ok\n", i2.stderr);

  // pip's other commands are the project's .venv's too (the shell reads the real pip3's #! line).
  const freeze = await sb.run("pip3", ["freeze"], { env, cwd: two });
  assert.equal(freeze.stdout, "psdep==1.0\npslib==1.0\n", freeze.stderr);
  const version = await sb.run("pip3.11", ["--version"], { env, cwd: one });
  assert.match(version.stdout, new RegExp(`^pip \\S+ from ${escape(join(one, ".venv"))}/`), version.stderr);

  // 3. python3 is the project's .venv inside it (in both projects), the real second Python outside.
  const prefixOf = ["-c", "import sys; print(sys.prefix)"];
  for (const [root, name] of [[two, "python3"], [two, "python3.11"], [one, "python3"], [one, "python3.11"]]) {
    const p = await sb.run(name, prefixOf, { env, cwd: root });
    assert.equal(p.stdout, `${join(root, ".venv")}\n`, `${name} in ${root}: ${p.stderr}`);
  }
  for (const name of ["python3", "python3.11"]) {
    const p = await sb.run(name, prefixOf, { env, cwd: scratch });
    assert.equal(p.stdout, `${prefix}\n`, `${name} outside projects: ${p.stderr}`);
  }
  const viaShim = await sb.run("python3", ["-c", "import sys; sys.stdout.write(sys.executable); sys.exit(3)"], { env, cwd: scratch });
  assert.deepEqual(viaShim, { status: 3, signal: null, stdout: join(bin, "python3"), stderr: "" });

  // 4. Nothing was installed into the second Python (the system's is checked by e2e()).
  assert.deepEqual(tree(prefix), before);
  const list = await sb.run(join(bin, "pip3.11"), ["list", "--format=freeze"], { env: bare, cwd: scratch });
  assert.doesNotMatch(list.stdout, /^ps(lib|dep)==/im);
});
