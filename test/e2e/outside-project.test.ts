// Outside any project, on the real externally managed /usr/bin/python3: an application (a package
// with commands) goes to pipx, a library to pipshim's default environment, a mixed command splits.

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";

const defaultEnv = (home: string) => join(home, ".local", "share", "pipshim", "default-python3.11");

e2e("outside a project: an application goes to pipx and its commands run from PIPX_BIN_DIR", async (sb) => {
  const r = await sb.pip(["install", "psdep"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /pipshim: \/usr\/bin\/python3 is externally managed \(PEP 668\); psdep → pipx \(an application\)/);
  assert.match(r.stderr, /pipshim: psdep, psdep-extra are on PATH \(~\/\.local\/bin\)/);
  const run = await sb.run("psdep", []);
  assert.equal(run.stdout, "psdep 1.0 using pslib 1.0\n");
  assert.deepEqual(readdirSync(join(sb.pipxHome, "venvs")).filter((n) => !n.startsWith(".")), ["psdep"]);
  assert.ok(!existsSync(defaultEnv(sb.home)), "no default environment for an application");
  assert.ok(!existsSync(join(sb.home, ".venv")), "no stray .venv in HOME");

  const again = await sb.pip(["install", "psdep"]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout + again.stderr, /already seems to be installed/);
});

e2e("outside a project: a library goes to the default environment, made with system site packages", async (sb) => {
  const r = await sb.pip(["install", "pslib"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /installing into pipshim's default environment ~\/\.local\/share\/pipshim\/default-python3\.11 \(creating it\)/);
  assert.match(r.stderr, /use it with: source ~\/\.local\/share\/pipshim\/default-python3\.11\/bin\/activate/);
  const env = defaultEnv(sb.home);
  assert.match(readFileSync(join(env, "pyvenv.cfg"), "utf8"), /include-system-site-packages = true/);
  // The library is there, and the distribution's own packages stay importable next to it.
  const check = await sb.run(join(env, "bin", "python"), ["-c", "import pslib, apt_pkg; print(pslib.VALUE)"]);
  assert.equal(check.stdout.trim(), "pslib 1.0", check.stderr);
  assert.ok(!existsSync(join(sb.pipxHome, "venvs")), "no pipx environment for a library");
});

e2e("outside a project: a mixed command routes each package to its place", async (sb) => {
  const r = await sb.pip(["install", "psapp", "pslib"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /installing into pipshim's default environment .*; psapp → pipx \(an application\)/);
  assert.deepEqual(readdirSync(join(sb.pipxHome, "venvs")).filter((n) => !n.startsWith(".")), ["psapp"]);
  assert.equal((await sb.run("psapp", [])).stdout, "psapp 1.0\n");
  const env = defaultEnv(sb.home);
  const check = await sb.run(join(env, "bin", "python"), ["-c", "import pslib\ntry:\n import psapp\nexcept ImportError:\n print('ok')"]);
  assert.equal(check.stdout.trim(), "ok", check.stderr);
});

e2e("outside a project: a version specifier is kept for pipx, and -U upgrades", async (sb) => {
  const r = await sb.pip(["install", "psapp==1.0"]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(sb.pipxBin, "psapp")));
  const u = await sb.pip(["install", "-U", "psapp"]);
  assert.equal(u.status, 0, u.stderr);
  assert.match(u.stdout + u.stderr, /psapp is already at latest version|upgraded package psapp/);
});

e2e("outside a project: a package that does not exist fails as pip does, and nothing is made", async (sb) => {
  const r = await sb.pip(["install", "no-such-package-xyz"]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /ERROR: No matching distribution found for no-such-package-xyz/);
  assert.ok(!existsSync(defaultEnv(sb.home)));
  assert.ok(!existsSync(join(sb.pipxHome, "venvs")));
});

e2e("settings: a package configured as an application goes to pipx even inside a project", async (sb) => {
  const set = await sb.pipshim(["config", "set", "apps", "psapp"]);
  assert.equal(set.status, 0, set.stderr);
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const r = await sb.pip(["install", "psapp", "pslib"], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(sb.pipxHome, "venvs", "psapp")));
  assert.ok(existsSync(join(root, ".venv", "lib", "python3.11", "site-packages", "pslib")));
  assert.ok(!existsSync(join(root, ".venv", "bin", "psapp")));
});

e2e("PIPSHIM_TARGET=default sends an application to the default environment for one call", async (sb) => {
  const r = await sb.pip(["install", "psapp"], { env: { PIPSHIM_TARGET: "default" } });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(defaultEnv(sb.home), "bin", "psapp")));
  assert.ok(!existsSync(join(sb.pipxHome, "venvs")));
  const bad = await sb.pip(["install", "psapp"], { env: { PIPSHIM_TARGET: "elsewhere" } });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'pipshim: PIPSHIM_TARGET must be project, app or default, not "elsewhere"\n');
});
