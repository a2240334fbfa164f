// The project's environment everywhere, with no shell hook (issue: python, `python -m pip`,
// pip3.X, pip's other commands): what pip installed is what the next line of a script sees, as an
// onboarding script or a Makefile runs it (a non-interactive sh with only the shims on PATH).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";
import { PIPSHIM_BIN } from "../helpers/sandbox.js";

const siteOf = (venv: string) => join(venv, "lib", "python3.11", "site-packages");

e2e("an onboarding script: pip install -r, then python3, python3.11, pip show/freeze/list all see the project's .venv", async (sb) => {
  const root = sb.dir("proj", { "requirements.txt": "pslib\n", "sub/.keep": "" });
  const script = [
    "set -e",
    "pip install -q -r requirements.txt",
    "python3 -c 'import sys, pslib; print(\"python3\", sys.prefix)'",
    "python3.11 -c 'import sys, pslib; print(\"python3.11\", sys.prefix)'",
    "cd sub && python3 -c 'import sys; print(\"sub\", sys.prefix)' && cd ..",
    "pip show pslib | sed -n 1p",
    "pip freeze",
    "pip list --format=freeze | grep -i '^pslib=='",
    "pip3.11 --version",
  ].join("\n");
  const r = await sb.run("/bin/sh", ["-c", script], { cwd: root });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const venv = join(root, ".venv");
  assert.match(r.stdout, new RegExp(`^python3 ${venv}$`, "m"));
  assert.match(r.stdout, new RegExp(`^python3\\.11 ${venv}$`, "m"));
  assert.match(r.stdout, new RegExp(`^sub ${venv}$`, "m"));
  assert.match(r.stdout, /^Name: pslib$/m);
  assert.match(r.stdout, /^pslib==1\.0$/m);
  assert.match(r.stdout, new RegExp(`^pip .* from ${siteOf(venv)}/pip \\(python 3\\.11\\)$`, "m"));
});

e2e("python3 -m pip install in a fresh project makes its .venv (options before -m too); pip3.11 install is routed", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const r = await sb.run("python3", ["-I", "-m", "pip", "install", "pslib"], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^pipshim: \/usr\/bin\/python3(\.11)? is externally managed \(PEP 668\); installing into .*proj\/\.venv \(project: pyproject\.toml; creating it\)$/m);
  assert.ok(existsSync(join(siteOf(join(root, ".venv")), "pslib")));
  const again = await sb.run("python3", ["-m", "pip", "install", "psdep"], { cwd: root });
  assert.equal(again.status, 0, again.stderr);
  assert.ok(existsSync(join(siteOf(join(root, ".venv")), "psdep")));
  const other = sb.dir("other", { "setup.py": "" });
  const v = await sb.run("pip3.11", ["install", "pslib"], { cwd: other });
  assert.equal(v.status, 0, v.stderr);
  assert.ok(existsSync(join(siteOf(join(other, ".venv")), "pslib")));
  // Not -m pip, or not an install: python's own business, even inside the project.
  const c = await sb.run("python3", ["-c", "import sys; print(sys.argv[1:])", "-m", "pip", "install"], { cwd: other });
  assert.equal(c.stdout, "['-m', 'pip', 'install']\n");
});

e2e("outside projects python is the system's until the default environment exists, then that environment's (the system's packages visible); byte for byte either way", async (sb) => {
  const elsewhere = sb.dir("scratch");
  const code = "import sys; sys.stdout.write(sys.prefix); sys.stderr.write('y'); sys.exit(3)";
  for (const name of ["python3", "python3.11"]) {
    const viaShim = await sb.run(name, ["-c", code], { cwd: elsewhere });
    const real = await sb.run(`/usr/bin/${name}`, ["-c", code], { cwd: elsewhere });
    assert.deepEqual(viaShim, real, name);
    assert.equal(viaShim.stdout, "/usr");
  }
  const r = await sb.pip(["install", "pslib"]);
  assert.equal(r.status, 0, r.stderr);
  const env = join(sb.home, ".local", "share", "pipshim", "default-python3.11");
  assert.ok(existsSync(join(siteOf(env), "pslib")));
  for (const name of ["python3", "python3.11"]) {
    const p = await sb.run(name, ["-c", code], { cwd: elsewhere });
    assert.deepEqual([p.status, p.stdout, p.stderr], [3, env, "y"], name);
  }
  // The distribution's packages stay importable (--system-site-packages); the system's python by its path sees nothing new.
  const both = await sb.run("python3", ["-c", "import pslib, userpath; print('ok')"], { cwd: elsewhere });
  assert.equal(both.stdout, "ok\n", both.stderr);
  assert.notEqual((await sb.run("/usr/bin/python3", ["-c", "import pslib"], { cwd: elsewhere })).status, 0);
});

e2e("a git-tracked .venv is run by no shim, in any form (python3, python3.11, python3 -m pip, pip list)", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const venv = join(root, ".venv");
  const ran = join(sb.root, "ran");
  assert.equal((await sb.run("/usr/bin/python3", ["-m", "venv", venv])).status, 0);
  writeFileSync(join(siteOf(venv), "evil.pth"), `import os; open(${JSON.stringify(ran)}, "a").write("pth\\n")\n`);
  for (const args of [["init", "-q"], ["add", "-f", ".venv"], ["-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "x"]]) {
    assert.equal((await sb.run("git", args, { cwd: root })).status, 0);
  }
  // pipshim looks at it (and refuses), so any record it keeps says so.
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 1);
  for (const [file, args] of [["python3", ["-c", "import sys; print(sys.prefix)"]], ["python3.11", ["-c", "pass"]], ["python3", ["-m", "pip", "install", "pslib"]], ["pip", ["list"]], ["pip3", ["--version"]]] as const) {
    await sb.run(file, [...args], { cwd: root });
  }
  assert.ok(!existsSync(ran), "nothing in the clone's .venv ran");
});

e2e("PIPSHIM_DISABLE=1 makes every shim a pure pass-through; an active VIRTUAL_ENV wins over the project's", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0);
  const off = await sb.run("python3", ["-c", "import sys; print(sys.prefix)"], { cwd: root, env: { PIPSHIM_DISABLE: "1" } });
  assert.equal(off.stdout, "/usr\n");
  const active = await sb.run("python3", ["-c", "import sys; print(sys.prefix)"], { cwd: root, env: { VIRTUAL_ENV: "/somewhere/else" } });
  assert.equal(active.stdout, "/usr\n");
  const on = await sb.run("python3", ["-c", "import sys; print(sys.prefix)"], { cwd: root });
  assert.equal(on.stdout, `${join(root, ".venv")}\n`);
});


e2e("pipshim run CMD: the project's .venv active (a command installed there runs), CMD's own status; one clear line without a .venv", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const none = await sb.pipshim(["run", "python3", "-c", "pass"], { cwd: root });
  assert.equal(none.status, 1);
  assert.match(none.stderr, /^pipshim: .*proj is a project without an environment yet: pip install what it needs \(that makes .*\.venv\), then run this again\n$/);
  assert.equal((await sb.pip(["install", "psapp"], { cwd: root })).status, 0);
  // psapp's console script lives in .venv/bin only.
  const r = await sb.pipshim(["run", "psapp"], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  const env = await sb.pipshim(["run", "sh", "-c", 'echo "$VIRTUAL_ENV"; command -v python; exit 7'], { cwd: root });
  assert.equal(env.status, 7);
  assert.equal(env.stdout, `${join(root, ".venv")}\n${join(root, ".venv", "bin", "python")}\n`);
  const missing = await sb.pipshim(["run", "no-such-command-xyz"], { cwd: root });
  assert.equal(missing.status, 127);
  // Outside projects: the default environment, once there is one.
  const out = sb.dir("scratch");
  const before = await sb.pipshim(["run", "true"], { cwd: out });
  assert.equal(before.status, 1);
  assert.match(before.stderr, /default environment does not exist yet/);
  assert.equal((await sb.pip(["install", "pslib"], { cwd: out })).status, 0);
  const after = await sb.pipshim(["run", "python", "-c", "import pslib, sys; print(sys.prefix)"], { cwd: out });
  assert.equal(after.stdout, `${join(sb.home, ".local", "share", "pipshim", "default-python3.11")}\n`, after.stderr);
});

e2e("pipshim explain covers python calls (which interpreter runs, and why) and python3 -m pip", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const before = await sb.pipshim(["explain", "--as", "python3", "-c", "pass"], { cwd: root });
  assert.equal(before.status, 0, before.stderr);
  assert.match(before.stdout, /^action: python\nreason: .*\.venv is not there \(pip install makes it\)\nwould run: \/usr\/bin\/python3 -c pass\n$/);
  const m = JSON.parse((await sb.pipshim(["explain", "--json", "--as", "python3", "-m", "pip", "install", "pslib"], { cwd: root })).stdout);
  assert.equal(m.action, "project");
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0);
  const after = JSON.parse((await sb.pipshim(["explain", "--json", "--as", "python3.11", "script.py"], { cwd: root })).stdout);
  assert.equal(after.runs, join(root, ".venv", "bin", "python3.11"));
  assert.match(after.reason, /is a project \(pyproject\.toml\), and its environment is usable and trusted/);
  const outside = JSON.parse((await sb.pipshim(["explain", "--json", "--as", "python3"], { cwd: sb.dir("scratch") })).stdout);
  assert.equal(outside.runs, "/usr/bin/python3");
  assert.match(outside.reason, /outside any project, and pipshim's default environment does not exist yet/);
});

e2e("pip gets exactly the caller's environment: names sh cannot hold kept, no PWD it never set, none of pipshim's own (seen by a build backend)", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0); // the .venv, and pipshim's answer folder
  const dump = join(sb.root, "env.json");
  sb.dir("pkg", {
    "setup.py": `import json, os\nfrom setuptools import setup\njson.dump(sorted(os.environ), open(${JSON.stringify(dump)}, "w"))\nsetup(name="psenv", version="1.0")\n`,
  });
  const env = { "A.B": "1", "PIP_X-Y": "2", PWD: undefined };
  const seen = async (file: string, args: string[]) => {
    const r = await sb.run(file, [...args, "install", "-q", "--no-build-isolation", "--force-reinstall", "--no-deps", join(sb.root, "pkg")], { cwd: root, env });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(readFileSync(dump, "utf8")) as string[];
  };
  const byHand = await seen(join(root, ".venv", "bin", "python"), ["-m", "pip"]);
  const viaShim = await seen("pip", []);
  assert.ok(byHand.includes("A.B") && byHand.includes("PIP_X-Y") && !byHand.includes("PWD"), byHand.join(" "));
  assert.deepEqual(viaShim, byHand);
});

e2e("pip's other commands get exactly the caller's environment too: names and values a build backend sees, and PIP_* names sh cannot hold", async (sb) => {
  const dump = join(sb.root, "env.json");
  sb.dir("pkg", {
    "setup.py": `import json, os\nfrom setuptools import setup\njson.dump(dict(os.environ), open(${JSON.stringify(dump)}, "w"))\nsetup(name="psenv", version="1.0")\n`,
  });
  const odd = { "A.B": "1", "PIP_X-Y": "2", "BASH_FUNC_f%%": "() {  echo   hi\n}" };
  // As callers leave it: PWD and SHLVL missing, a wrong PWD, an OLDPWD that is no folder, an odd SHLVL.
  const variants: NodeJS.ProcessEnv[] = [
    { ...odd, PWD: undefined },
    { ...odd, PWD: "/etc", OLDPWD: "/no/such", SHLVL: "2" },
    { ...odd, SHLVL: "x" },
  ];
  const seen = async (cwd: string, file: string, args: string[], env: NodeJS.ProcessEnv) => {
    const r = await sb.run(file, [...args, "wheel", "-q", "--no-build-isolation", "--no-deps", "-w", join(sb.root, "out"), join(sb.root, "pkg")], { cwd, env });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(readFileSync(dump, "utf8")) as Record<string, string>;
    delete got.PIP_BUILD_TRACKER; // a new temporary folder per pip run
    return got;
  };
  const outside = sb.dir("outside");
  const root = sb.dir("proj", { "pyproject.toml": "" });
  assert.equal((await sb.pip(["install", "-q", "pslib"], { cwd: root })).status, 0);
  for (const env of variants) {
    const byHand = await seen(outside, "/usr/bin/pip", [], env);
    assert.equal(byHand["PIP_X-Y"], "2");
    assert.deepEqual(await seen(outside, "pip", [], env), byHand, "outside projects: the real pip, exec'd by the shim");
    assert.deepEqual(await seen(outside, "pip3", [], env), byHand);
    assert.deepEqual(await seen(outside, PIPSHIM_BIN, ["pip"], env), byHand, "pipshim pip (the alias form)");
    // In the project: the .venv's pip, as if it were active.
    const venvPip = await seen(root, join(root, ".venv", "bin", "pip"), [], env);
    assert.deepEqual(await seen(root, "pip", [], env), venvPip, "in a project: the .venv's pip");
  }
  // pip reads PIP_DEFAULT-TIMEOUT (a name dash drops): its usage error, through the shim too.
  const bad = { "PIP_DEFAULT-TIMEOUT": "zz" };
  const real = await sb.run("/usr/bin/pip", ["list"], { cwd: outside, env: bad });
  const shim = await sb.run("pip", ["list"], { cwd: outside, env: bad });
  assert.notEqual(real.status, 0);
  assert.deepEqual([shim.status, shim.stdout, shim.stderr], [real.status, real.stdout, real.stderr]);
});

e2e("the shims find the project as Node.js does: a dangling link counts as a mark, so a sub-project's python is not the parent's .venv", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "", "sub/.keep": "" });
  assert.equal((await sb.pip(["install", "-q", "pslib"], { cwd: root })).status, 0);
  const sub = join(root, "sub");
  symlinkSync("/nonexistent/setup.py", join(sub, "setup.py"));
  const explain = JSON.parse((await sb.pipshim(["explain", "--json", "install", "pslib"], { cwd: sub })).stdout);
  assert.equal(explain.target, join(sub, ".venv"), "Node.js: sub is a project of its own");
  assert.equal((await sb.run("python3", ["-c", "import sys; print(sys.prefix)"], { cwd: sub })).stdout, "/usr\n");
  assert.equal((await sb.run("python3", ["-c", "import sys; print(sys.prefix)"], { cwd: root })).stdout, `${join(root, ".venv")}\n`);
});

e2e("the venvName setting reaches the shims: python3 is the project's env/ after pip made it", async (sb) => {
  assert.equal((await sb.pipshim(["config", "set", "venvName", "env"])).status, 0);
  const root = sb.dir("proj", { "pyproject.toml": "" });
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0);
  const p = await sb.run("python3", ["-c", "import sys, pslib; print(sys.prefix)"], { cwd: root });
  assert.equal(p.stdout, `${join(root, "env")}\n`, p.stderr);
});

e2e("the first routed call on an account (no pipshim cache folder yet) gives a build backend no PWD or SHLVL the caller never set", async (sb) => {
  const dump = join(sb.root, "env.json");
  sb.dir("pkg", { "setup.py": `import json, os\nfrom setuptools import setup\njson.dump(dict(os.environ), open(${JSON.stringify(dump)}, "w"))\nsetup(name="psenv", version="1.0")\n` });
  const root = sb.dir("proj", { "pyproject.toml": "" });
  assert.ok(!existsSync(join(sb.home, ".cache", "pipshim")), "a fresh account");
  const r = await sb.run("pip", ["install", "-q", "--no-build-isolation", join(sb.root, "pkg")], { cwd: root, env: { PWD: undefined, SHLVL: undefined } });
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(readFileSync(dump, "utf8")) as Record<string, string>;
  assert.equal(got.PWD, undefined);
  assert.equal(got.SHLVL, undefined);
});

e2e("pip --python naming a venv: pipshim's look at that interpreter writes no bytecode into it (pip itself writes none there)", async (sb) => {
  const v = join(sb.root, "v");
  assert.equal((await sb.run("/usr/bin/python3", ["-m", "venv", v])).status, 0);
  const pipPkg = join(siteOf(v), "pip");
  const caches = () => execFileSync("find", [pipPkg, "-name", "__pycache__"], { encoding: "utf8" }).split("\n").filter(Boolean);
  for (const d of caches()) rmSync(d, { recursive: true, force: true });
  assert.deepEqual(caches(), []);
  const r = await sb.pip(["--python", v, "install", "pslib"], { cwd: sb.dir("out") });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(siteOf(v), "pslib")), "installed into the venv, as pip does");
  assert.deepEqual(caches(), [], "no bytecode written into the venv's pip");
});
