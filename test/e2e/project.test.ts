// Inside a project, on the real externally managed /usr/bin/python3: installs land in the
// project's .venv (made on first use), from any sub-folder.

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";

const PYPROJECT = { "pyproject.toml": '[project]\nname = "demo"\nversion = "0"\n' };

e2e("project: pip install from a sub-folder makes <root>/.venv and installs there", async (sb) => {
  const root = sb.dir("proj", { ...PYPROJECT, "src/deep/.keep": "" });
  const r = await sb.pip(["install", "pslib"], { cwd: join(root, "src", "deep") });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Successfully installed pslib-1\.0/);
  const lines = r.stderr.trim().split("\n").filter((l) => l.startsWith("pipshim:"));
  assert.equal(lines.length, 2, r.stderr);
  assert.match(lines[0], /^pipshim: \/usr\/bin\/python3 is externally managed \(PEP 668\); installing into .*proj\/\.venv \(project: pyproject\.toml; creating it\)$/);
  assert.match(lines[1], /^pipshim: use it with: source .*proj\/\.venv\/bin\/activate$/);
  assert.ok(!existsSync(join(root, "src", "deep", ".venv")), "no .venv in the sub-folder");
  const check = await sb.run(join(root, ".venv", "bin", "python"), ["-c", "import pslib; print(pslib.VALUE)"]);
  assert.equal(check.stdout.trim(), "pslib 1.0");
  // The venv is a real, working one with its own pip.
  assert.ok(existsSync(join(root, ".venv", "bin", "pip")));
  assert.match(readFileSync(join(root, ".venv", "pyvenv.cfg"), "utf8"), /include-system-site-packages = false/);

  const again = await sb.pip(["install", "pslib"], { cwd: root });
  assert.equal(again.status, 0);
  assert.match(again.stdout, /Requirement already satisfied: pslib/);
  assert.doesNotMatch(again.stderr, /creating it/);
});

e2e("project: -r, -c and local paths given relative to a sub-folder keep working", async (sb) => {
  const root = sb.dir("proj", {
    "requirements.txt": "pslib\n",
    "constraints.txt": "pslib==1.0\n",
    "sub/.keep": "",
  });
  const local = sb.dir("proj/localpkg", {
    "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n[project]\nname = "pslocal"\nversion = "2.0"\n',
    "pslocal/__init__.py": "V = 2\n",
  });
  const sub = join(root, "sub");
  const r = await sb.pip(["install", "-r", "../requirements.txt", "-c", "../constraints.txt"], { cwd: sub });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /\(project: requirements\.txt; creating it\)/);
  const p = await sb.pip(["install", "--no-build-isolation", "../localpkg"], { cwd: sub });
  assert.equal(p.status, 0, p.stderr);
  assert.ok(existsSync(local));
  const check = await sb.run(join(root, ".venv", "bin", "python"), ["-c", "import pslib, pslocal; print(pslocal.V)"]);
  assert.equal(check.stdout.trim(), "2", check.stderr);
});

e2e("project: --user is dropped with a notice, and applications go to the .venv too", async (sb) => {
  const root = sb.dir("proj", { "setup.py": "" });
  const r = await sb.pip(["install", "--user", "psapp"], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /pipshim: --user dropped/);
  assert.ok(existsSync(join(root, ".venv", "bin", "psapp")), "the app's command is in the project's venv");
  assert.ok(!existsSync(join(sb.pipxHome, "venvs", "psapp")), "nothing in pipx");
});

e2e("project: pip3 uses the venv's pip3, and a failed first install leaves no .venv behind", async (sb) => {
  const root = sb.dir("proj", { ".git/HEAD": "ref: refs/heads/main\n" });
  const bad = await sb.run("pip3", ["install", "no-such-package-xyz"], { cwd: root });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /No matching distribution found for no-such-package-xyz/);
  assert.ok(!existsSync(join(root, ".venv")), "the .venv made for the failed install is gone");
  const ok = await sb.run("pip3", ["install", "pslib"], { cwd: root });
  assert.equal(ok.status, 0, ok.stderr);
  assert.ok(existsSync(join(root, ".venv", "bin", "pip3")));
});

e2e("project: a bad option exits 2 exactly as pip does (pip reports it)", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  const viaShim = await sb.pip(["install", "--no-such-option", "pslib"], { cwd: root });
  const real = await sb.run("/usr/bin/pip", ["install", "--no-such-option", "pslib"], { cwd: root });
  assert.equal(viaShim.status, 2);
  assert.deepEqual(viaShim, real);
  assert.ok(!existsSync(join(root, ".venv")));
});

e2e("project: a .venv without pip (as uv makes them) is installed into as it is", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  const made = await sb.run("/usr/bin/python3", ["-m", "venv", "--without-pip", join(root, ".venv")]);
  assert.equal(made.status, 0, made.stderr);
  assert.equal((await sb.pipshim(["trust"], { cwd: root })).status, 0);
  const r = await sb.pip(["install", "pslib"], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!existsSync(join(root, ".venv", "bin", "pip")), "pipshim did not add pip to the user's venv");
  const check = await sb.run(join(root, ".venv", "bin", "python"), ["-c", "import pslib"]);
  assert.equal(check.status, 0, check.stderr);
});

e2e("project: made with python3 -m venv when virtualenv is not wanted (PIPSHIM_VENV_TOOL=venv)", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  const r = await sb.pip(["install", "pslib"], { cwd: root, env: { PIPSHIM_VENV_TOOL: "venv" } });
  assert.equal(r.status, 0, r.stderr);
  const cfg = readFileSync(join(root, ".venv", "pyvenv.cfg"), "utf8");
  assert.doesNotMatch(cfg, /virtualenv/);
  assert.ok(existsSync(join(root, ".venv", "bin", "pip")));
});
