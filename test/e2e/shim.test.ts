// The shims themselves: finding the real pip behind them, loops and re-entry, the pip3 shim and
// `pipshim pip`, and what happens with no real pip at all.

import assert from "node:assert/strict";
import { chmodSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";

function script(path: string, text: string): string {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
  return path;
}

e2e("no real pip on PATH: exit 127 and one clear line", async (sb) => {
  const bin = sb.dir("bin");
  symlinkSync(process.execPath, join(bin, "node"));
  symlinkSync("/usr/bin/readlink", join(bin, "readlink"));
  const r = await sb.pip(["--version"], { env: { PATH: `${sb.shims}:${bin}` } });
  assert.equal(r.status, 127);
  assert.equal(r.stderr, "pipshim: no real pip found on PATH\n");
  const i = await sb.pip(["install", "pslib"], { env: { PATH: `${sb.shims}:${bin}` } });
  assert.equal(i.status, 127);
  assert.equal(i.stderr, "pipshim: no real pip found on PATH\n");
});

e2e("the shims folder on PATH twice and through a symlink: the real pip is still found", async (sb) => {
  const link = join(sb.root, "shims-link");
  symlinkSync(sb.shims, link);
  const PATH = `${sb.shims}:${link}:${sb.shims}/:${sb.env.PATH}`;
  const real = await sb.run("/usr/bin/pip", ["--version"]);
  for (const name of ["pip", "pip3"]) {
    const r = await sb.run(name, ["--version"], { env: { PATH } });
    assert.deepEqual(r, real);
  }
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const i = await sb.run("pip", ["install", "pslib"], { cwd: root, env: { PATH } });
  assert.equal(i.status, 0, i.stderr);
  assert.ok(existsSync(join(root, ".venv", "lib", "python3.11", "site-packages", "pslib")));
});

e2e("a wrapper that calls pip from PATH again (as pyenv's shim does) does not loop", async (sb) => {
  const wrappers = sb.dir("wrappers");
  // exec'ing again (pyenv's way), and as a child process: both come back to pipshim's shim.
  script(join(wrappers, "pip"), '#!/bin/sh\n# a wrapper\nexec pip "$@"\n');
  script(join(wrappers, "pip3"), '#!/bin/sh\n# a wrapper\npip3 "$@"\n');
  const PATH = `${sb.shims}:${wrappers}:${sb.env.PATH}`;
  const real = await sb.run("/usr/bin/pip", ["--version"]);
  const started = Date.now();
  for (const name of ["pip", "pip3"]) assert.deepEqual(await sb.run(name, ["--version"], { env: { PATH } }), real);
  // An install goes through the wrapper too: pipshim learns which Python it ends in, and routes.
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const i = await sb.run("pip", ["install", "pslib"], { cwd: root, env: { PATH } });
  assert.equal(i.status, 0, i.stderr);
  assert.match(i.stderr, /\/usr\/bin\/python3 is externally managed/);
  assert.ok(Date.now() - started < 60_000);
});

e2e("a loop pipshim cannot see ends at its depth limit, with a message", async (sb) => {
  const wrappers = sb.dir("wrappers");
  // This wrapper hides pipshim's re-entry record, so only the depth counter can stop it.
  script(join(wrappers, "pip"), '#!/bin/sh\nunset PIPSHIM_CHAIN\nexec pip "$@"\n');
  const started = Date.now();
  const r = await sb.pip(["--version"], { env: { PATH: `${sb.shims}:${wrappers}:${sb.env.PATH}` } });
  assert.equal(r.status, 126);
  assert.match(r.stderr, /^pipshim: pip calls itself in a loop \(11 nested calls, through .*\); giving up\n$/);
  assert.ok(Date.now() - started < 10_000);
});

e2e("`pipshim pip` and `pipshim pip3` do what the shims do", async (sb) => {
  const real = await sb.run("/usr/bin/pip", ["--version"]);
  // Without the shims on PATH at all (alias pip='pipshim pip').
  const PATH = sb.env.PATH.split(":").slice(1).join(":");
  assert.deepEqual(await sb.pipshim(["pip", "--version"], { env: { PATH } }), real);
  assert.deepEqual(await sb.pipshim(["pip3", "--version"], { env: { PATH } }), await sb.run("/usr/bin/pip3", ["--version"]));
  const root = sb.dir("proj", { "requirements-dev.txt": "" });
  const r = await sb.pipshim(["pip3", "install", "pslib"], { cwd: root, env: { PATH } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /\(project: requirements-dev\.txt; creating it\)/);
});

e2e("package names and paths with shell metacharacters are never run through a shell", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const marker = join(sb.root, "pwned");
  for (const evil of [`pslib; touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``, `pslib' && touch '${marker}`, "pslib\ntouch " + marker]) {
    const r = await sb.pip(["install", evil], { cwd: root });
    assert.notEqual(r.status, 0, `pip rejects ${JSON.stringify(evil)}`);
    const outside = await sb.pip(["install", evil]);
    assert.notEqual(outside.status, 0);
  }
  assert.ok(!existsSync(marker), "nothing was executed");
});

e2e("the sh⇄Node.js protocol takes nothing from the caller's environment: PIPSHIM_HANDOFF set by the caller changes nothing", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  // Twice: the first call on an account has no answer folder yet, the second one has.
  for (const run of [1, 2]) {
    const r = await sb.pip(["install", "pslib"], { cwd: root, env: { PIPSHIM_HANDOFF: "1" } });
    assert.equal(r.status, 0, `${run}: ${r.stderr}`);
    assert.match(r.stdout, run === 1 ? /Successfully installed pslib/ : /Requirement already satisfied: pslib/);
  }
  assert.ok(existsSync(join(root, ".venv", "lib", "python3.11", "site-packages", "pslib")));
});

e2e("a PIPSHIM_NODE that answers nothing fails loudly, and never as a success", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0); // the answer folder exists now
  for (const node of ["/bin/true", "/bin/false"]) {
    const r = await sb.pip(["install", "psdep"], { cwd: root, env: { PIPSHIM_NODE: node } });
    assert.notEqual(r.status, 0, node);
    assert.match(r.stderr, new RegExp(`^pipshim: ${node} ended without answering pipshim \\(exit status \\d+\\)`, "m"));
    assert.ok(!existsSync(join(root, ".venv", "lib", "python3.11", "site-packages", "psdep")), "nothing installed");
  }
  // Users cannot type the internal command.
  const internal = await sb.pipshim(["__shim", "x", "1", "/usr/bin/pip", "pip", "install", "pslib"]);
  assert.equal(internal.status, 2);
  assert.match(internal.stderr, /^pipshim: unknown command "__shim"/);
});

e2e("odd but legal: the shims (and bin/) reached only through a symlinked folder; a caller's PIPSHIM_DEPTH too big for sh's arithmetic", async (sb) => {
  const link = join(sb.root, "shims-link");
  symlinkSync(sb.shims, link);
  const PATH = [link, ...sb.env.PATH.split(":").slice(1)].join(":");
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const r = await sb.run("pip", ["install", "pslib"], { cwd: root, env: { PATH } });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at |Cannot find module/);
  assert.ok(existsSync(join(root, ".venv", "lib", "python3.11", "site-packages", "pslib")));
  const py = await sb.run("python3", ["-c", "import pslib"], { cwd: root, env: { PATH } });
  assert.equal(py.status, 0, py.stderr);
  const deep = await sb.pip(["--version"], { env: { PIPSHIM_DEPTH: "99999999999999999999" } });
  assert.deepEqual(deep, await sb.run("/usr/bin/pip", ["--version"], { env: { PIPSHIM_DEPTH: "99999999999999999999" } }));
});
