// pip uninstall finds each package where pipshim put it: the project's .venv, pipx, or the
// default environment; a package installed nowhere gets pip's own warning and exit status 0.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";

const defaultSite = (home: string) => join(home, ".local", "share", "pipshim", "default-python3.11", "lib", "python3.11", "site-packages");

e2e("uninstall: from the project's .venv", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "", "sub/.keep": "" });
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0);
  const r = await sb.pip(["uninstall", "-y", "pslib"], { cwd: join(root, "sub") });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Successfully uninstalled pslib-1\.0/);
  assert.match(r.stderr, /pipshim: \/usr\/bin\/python3 is externally managed \(PEP 668\); uninstalling from .*proj\/\.venv/);
  assert.ok(!existsSync(join(root, ".venv", "lib", "python3.11", "site-packages", "pslib")));
});

e2e("uninstall: an application from pipx, a library from the default environment, in one command", async (sb) => {
  assert.equal((await sb.pip(["install", "psapp", "pslib"])).status, 0);
  assert.ok(existsSync(join(sb.pipxBin, "psapp")));
  assert.ok(existsSync(join(defaultSite(sb.home), "pslib")));
  const r = await sb.pip(["uninstall", "-y", "psapp", "pslib"]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!existsSync(join(sb.pipxBin, "psapp")), "the command is gone");
  assert.ok(!existsSync(join(sb.pipxHome, "venvs", "psapp")), "pipx's venv is gone");
  assert.ok(!existsSync(join(defaultSite(sb.home), "pslib")), "the library is gone");
});

e2e("uninstall: a package installed nowhere gets pip's own warning and exit status", async (sb) => {
  const venv = join(sb.root, "reference");
  assert.equal((await sb.run("/usr/bin/python3", ["-m", "venv", "--without-pip", venv])).status, 0);
  const pipsOwn = await sb.run("/usr/bin/pip", ["--python", venv, "uninstall", "-y", "nosuchpkg"]);
  const r = await sb.pip(["uninstall", "-y", "nosuchpkg"]);
  assert.equal(r.status, pipsOwn.status);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, pipsOwn.stdout);
  assert.equal(r.stderr, pipsOwn.stderr);
  assert.equal(r.stderr, "WARNING: Skipping nosuchpkg as it is not installed.\n");
  // Inside a project with a .venv, the .venv's pip says it.
  const root = sb.dir("proj", { "pyproject.toml": "" });
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0);
  const inProject = await sb.pip(["uninstall", "-y", "nosuchpkg"], { cwd: root });
  assert.equal(inProject.status, 0);
  assert.match(inProject.stderr, /WARNING: Skipping nosuchpkg as it is not installed\.\n$/);
});
