// What pip installed is what the next line of a script uses (issue 14): non-interactive `sh`
// scripts, no hook, only pipshim's shims, pipx's bin folder and the system's folders on PATH,
// against the real /usr/bin/python3, venv, virtualenv and pipx. Outside projects the default
// environment is python, pip and the commands once it exists; inside a project its .venv; the
// system's own programs, which name their interpreter by absolute path, see nothing new.

import assert from "node:assert/strict";
import { existsSync, writeFileSync, chmodSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";
import type { Sandbox } from "../helpers/sandbox.js";

const defaultEnv = (sb: Sandbox) => join(sb.home, ".local", "share", "pipshim", "default-python3.11");

/** A script run by sh as an onboarding script or a Dockerfile's RUN would run it. */
function script(sb: Sandbox, text: string, cwd: string, env: Record<string, string | undefined> = {}) {
  return sb.run("/bin/sh", ["-c", text], { cwd, env });
}

e2e("outside projects: a library, then python3 imports it and pip show finds it, in a plain sh script", async (sb) => {
  const out = sb.dir("somewhere");
  const r = await script(sb, "pip install pslib && python3 -c 'import pslib; print(pslib.VALUE)' && pip show pslib | head -2", out);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.split("\n").filter((l) => /^(pslib 1\.0|Name: pslib|Version: 1\.0)$/.test(l)).length, 3, r.stdout);
  // The distribution's own packages stay importable next to it (--system-site-packages).
  const sys = await script(sb, "python3 -c 'import apt_pkg, pslib, sys; print(sys.prefix)'", out);
  assert.equal(sys.stdout.trim(), defaultEnv(sb), sys.stderr);
  // The system's own python, named by its path, sees nothing new.
  const system = await script(sb, "/usr/bin/python3 -c 'import pslib'", out);
  assert.equal(system.status, 1);
  assert.match(system.stderr, /No module named 'pslib'/);
});

e2e("outside projects: before the default environment exists, python3 and pip list are the system's, unchanged", async (sb) => {
  const out = sb.dir("somewhere");
  const viaShim = await script(sb, "python3 -c 'import sys; print(sys.prefix)'; pip list 2>&1 | head -3", out);
  const direct = await script(sb, "/usr/bin/python3 -c 'import sys; print(sys.prefix)'; /usr/bin/pip list 2>&1 | head -3", out);
  assert.deepEqual(viaShim, direct);
  assert.ok(!existsSync(defaultEnv(sb)));
});

e2e("outside projects: an application, then its command by name on the next line (pipx's bin folder on PATH)", async (sb) => {
  const r = await script(sb, "pip install psapp && psapp", sb.dir("somewhere"));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^psapp 1\.0$/m);
});

e2e("defaultEnv off: outside projects python3 stays the system's, as before, and the hook's choice agrees", async (sb) => {
  const out = sb.dir("somewhere");
  assert.equal((await script(sb, "pip install pslib", out)).status, 0);
  const set = await sb.pipshim(["config", "set", "defaultEnv", "false"]);
  assert.equal(set.status, 0, set.stderr);
  const r = await script(sb, "python3 -c 'import sys; print(sys.prefix)'", out);
  assert.equal(r.stdout.trim(), "/usr", r.stderr);
  const explain = await sb.pipshim(["explain", "--as", "python3", "-c", "pass"], { cwd: out });
  assert.match(explain.stdout, /defaultEnv setting is off/);
  const hook = await sb.pipshim(["hook", "bash", out], { cwd: out });
  assert.doesNotMatch(hook.stdout, /__pipshim_activate/);
  // And on again.
  assert.equal((await sb.pipshim(["config", "set", "defaultEnv", "true"])).status, 0);
  const again = await script(sb, "python3 -c 'import sys; print(sys.prefix)'", out);
  assert.equal(again.stdout.trim(), defaultEnv(sb), again.stderr);
});

e2e("in a project: a package with a command, then that command by name on the next line; outside the project the name is not found (127)", async (sb) => {
  const root = sb.dir("proj", { "requirements.txt": "psdep\n" });
  const r = await script(sb, "pip install -r requirements.txt && psdep && psdep-extra", root);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^psdep 1\.0 using pslib 1\.0$/m);
  const out = await script(sb, "psdep", sb.dir("elsewhere"));
  assert.equal(out.status, 127);
  assert.equal(out.stdout, "");
  assert.match(out.stderr, /psdep: command not found/);
  // Uninstalled: its shims go, and the name is the shell's again.
  assert.equal((await script(sb, "pip uninstall -y psdep", root)).status, 0);
  assert.ok(!readdirSync(sb.shims).includes("psdep"), "stale shim removed");
  const gone = await script(sb, "psdep", root);
  assert.equal(gone.status, 127);
});

e2e("in a project: a handed-over install (the .venv exists) adds the command's shim too, before the next line", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  assert.equal((await script(sb, "pip install pslib", root)).status, 0);
  // The .venv exists now: the next install is pip's own, run by the shell (src/python/run_pip.py).
  const r = await script(sb, "pip install psapp && psapp", root);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^psapp 1\.0$/m);
});

e2e("a command of the project's environment never hides a system program outside the project: there it runs unchanged", async (sb) => {
  // A "system" program of the same name as a command the project's environment gets.
  const sysbin = sb.dir("sysbin");
  writeFileSync(join(sysbin, "psapp"), '#!/bin/sh\necho "system psapp $*"\n');
  chmodSync(join(sysbin, "psapp"), 0o755);
  const PATH = `${sb.env.PATH}:${sysbin}`;
  const root = sb.dir("proj", { "pyproject.toml": "" });
  assert.equal((await script(sb, "PIPSHIM_TARGET=project pip install psapp", root, { PATH })).status, 0);
  const inside = await script(sb, "psapp", root, { PATH });
  assert.equal(inside.stdout, "psapp 1.0\n", inside.stderr);
  const outside = await script(sb, "psapp a 'b c'", sb.dir("elsewhere"), { PATH });
  assert.equal(outside.stdout, "system psapp a b c\n", outside.stderr);
  assert.equal(outside.status, 0);
});

e2e("as root in a Dockerfile: at / a Flask-like library (a Framework classifier and a command) then python3 app.py imports it; in /app with a requirements.txt, the same", async (sb) => {
  const app = "import psframe\nprint('app uses', psframe.VALUE)\n";
  // RUN pip install psframe (WORKDIR /, nothing copied yet): a library, though it ships a command.
  const atRoot = await script(sb, `pip install psframe && cd "$TMPDIR" && printf '%s' "$APP" > app.py && python3 app.py && psframe`, "/", { APP: app });
  assert.equal(atRoot.status, 0, atRoot.stderr);
  assert.match(atRoot.stdout, /^app uses psframe 1\.0$/m);
  assert.match(atRoot.stdout, /^psframe command psframe 1\.0$/m);
  assert.ok(!existsSync(join(sb.pipxHome, "venvs", "psframe")), "not an application");
  // WORKDIR /app, COPY requirements.txt app.py, RUN pip install -r requirements.txt, CMD python3 app.py
  const dir = sb.dir("app", { "requirements.txt": "psframe\n", "app.py": app });
  const inApp = await script(sb, "pip install -r requirements.txt && python3 app.py", dir);
  assert.equal(inApp.status, 0, inApp.stderr);
  assert.match(inApp.stdout, /^app uses psframe 1\.0$/m);
  assert.ok(existsSync(join(dir, ".venv", "lib", "python3.11", "site-packages", "psframe")));
});

e2e("outside projects: a library's commands in the default environment run by name where no system program has the name", async (sb) => {
  const out = sb.dir("somewhere");
  // psdep has commands, so it is an application unless told otherwise: made a library here.
  assert.equal((await sb.pipshim(["config", "add", "libraries", "psdep"])).status, 0);
  const r = await script(sb, "pip install psdep && python3 -c 'import psdep' && psdep", out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^psdep 1\.0 using pslib 1\.0$/m);
  assert.ok(existsSync(join(defaultEnv(sb), "bin", "psdep")));
  assert.ok(!existsSync(join(sb.pipxHome, "venvs", "psdep")));
});
