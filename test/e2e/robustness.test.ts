// What pipshim guarantees under load, faults and bad input (README, "Guarantees"); each test is
// named after the guarantee it checks.

import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";
import { fixtureWheels } from "../helpers/wheels.js";
import { slowIndex } from "../helpers/slow-index.js";
import { makeShims, PIPSHIM_BIN, type Sandbox } from "../helpers/sandbox.js";

/** Processes (other than this one) whose environment has this sandbox's HOME: the test's own. */
function processesOf(sb: Sandbox): string[] {
  const mine: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/environ`, "latin1").split("\0").includes(`HOME=${sb.home}`)) {
        mine.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, "latin1").replace(/\0/g, " ")}`);
      }
    } catch {
      // gone already
    }
  }
  return mine;
}

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts `pip ARGS` in its own process group (as a terminal's foreground job), for signals. */
function startPip(sb: Sandbox, args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  const childEnv: NodeJS.ProcessEnv = { ...sb.env, PWD: cwd };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  else childEnv[k] = v;
  const child = spawn("pip", args, { cwd, env: childEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
  child.stdout.resume();
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>((r) =>
    child.on("close", (status, signal) => r({ status, signal, stderr })),
  );
  return { child, done };
}

/** Holds flock(2) on `file` (made if missing) or a folder, in another process, until killed. */
async function holdLock(file: string) {
  const child = spawn("flock", ["-x", "-o", file, "sleep", "120"], { stdio: "ignore" });
  await until(`the lock on ${file}`, () => {
    try {
      execFileSync("flock", ["-n", file, "true"], { stdio: "ignore" });
      return false;
    } catch {
      return true;
    }
  }, 10_000);
  return child;
}

const PYPROJECT = { "pyproject.toml": "" };
const siteOf = (venv: string) => join(venv, "lib", "python3.11", "site-packages");

e2e("concurrent installs into one fresh project all succeed and share one healthy .venv", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  const runs = await Promise.all(["pslib", "psapp", "psdep", "pslib"].map((p) => sb.pip(["install", p], { cwd: root })));
  for (const r of runs) assert.equal(r.status, 0, r.stderr);
  for (const p of ["pslib", "psapp", "psdep"]) assert.ok(existsSync(join(siteOf(join(root, ".venv")), p)), p);
  const check = await sb.run(join(root, ".venv", "bin", "python"), ["-m", "pip", "check"]);
  assert.equal(check.status, 0, check.stdout);
  assert.deepEqual(readdirSync(root).sort(), [".venv", "pyproject.toml"]);
});

e2e("concurrent installs outside projects share one default environment (and a cold interpreter cache)", async (sb) => {
  const runs = await Promise.all(["pslib", "pslib", "pslib"].map(() => sb.pip(["install", "pslib"])));
  for (const r of runs) assert.equal(r.status, 0, r.stderr);
  const env = join(sb.home, ".local", "share", "pipshim", "default-python3.11");
  assert.ok(existsSync(join(siteOf(env), "pslib")));
  const cache = join(sb.home, ".cache", "pipshim", "interpreters");
  for (const f of readdirSync(cache)) JSON.parse(readFileSync(join(cache, f), "utf8"));
});

e2e("a .venv whose creation was killed (SIGKILL to the process group) is made again on the next call", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  // python -m venv takes seconds: time to kill it half way.
  const { child, done } = startPip(sb, ["install", "pslib"], root, { PIPSHIM_VENV_TOOL: "venv" });
  await until(".venv to appear", () => existsSync(join(root, ".venv", "bin")));
  process.kill(-child.pid!, "SIGKILL");
  await done;
  assert.ok(!existsSync(join(root, ".venv", "bin", "pip")), "killed before pip was in it");
  const r = await sb.pip(["install", "pslib"], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /was left half made by an interrupted pipshim .*; making it again/);
  assert.ok(existsSync(join(siteOf(join(root, ".venv")), "pslib")));
});

e2e("a broken .venv pipshim did not make is never deleted: missing pyvenv.cfg", async (sb) => {
  const root = sb.dir("proj", { ...PYPROJECT, ".venv/keep-me.txt": "user data" });
  const r = await sb.pip(["install", "pslib"], { cwd: root });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /\.venv has no pyvenv\.cfg, so it is not a virtual environment: move it away or remove it/);
  assert.equal(readFileSync(join(root, ".venv", "keep-me.txt"), "utf8"), "user data");
});

e2e("a broken .venv pipshim did not make is never deleted: its interpreter is gone", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  const venv = join(root, ".venv");
  assert.equal((await sb.run("/usr/bin/python3", ["-m", "venv", "--without-pip", venv])).status, 0);
  rmSync(join(venv, "bin", "python"));
  symlinkSync("/usr/bin/python3.0-gone", join(venv, "bin", "python"));
  const trusted = await sb.pipshim(["trust"], { cwd: root });
  assert.equal(trusted.status, 1);
  assert.match(trusted.stderr, /^pipshim: trusted \S*proj\/\.venv, but it has no working bin\/python/);
  const r = await sb.pip(["install", "pslib"], { cwd: root });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /has no working bin\/python .*: recreate it \(python3 -m venv --clear .*\)/);
  assert.ok(existsSync(join(venv, "pyvenv.cfg")));
});

e2e("a .venv that came with a git clone is never run", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  const venv = join(root, ".venv");
  const ran = join(sb.root, "ran");
  assert.equal((await sb.run("/usr/bin/python3", ["-m", "venv", venv])).status, 0);
  // Code that runs whenever the venv's Python starts, or its pip does.
  writeFileSync(join(siteOf(venv), "evil.pth"), `import os; open(${JSON.stringify(ran)}, "w").write("pth")\n`);
  writeFileSync(join(venv, "bin", "pip"), `#!/bin/sh\necho pip > '${ran}'\n`);
  for (const args of [["init", "-q"], ["add", "-f", ".venv"], ["-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "x"]]) {
    assert.equal((await sb.run("git", args, { cwd: root })).status, 0);
  }
  const r = await sb.pip(["install", "pslib"], { cwd: root });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /came with the git clone \(git tracks it\), so pipshim will not run it.*git rm -r -q --cached/);
  const u = await sb.pip(["uninstall", "-y", "pslib"], { cwd: root });
  assert.equal(u.status, 1);
  assert.ok(!existsSync(ran), "nothing in the clone's .venv ran");
});

// Two ways a redirected install runs: handed over (pip exec'd in the shim's place: a .venv that
// exists, and the call's own arguments), and relayed (pipshim's Node.js side stays as pip's
// parent: here because --user has to be dropped from the arguments).
const SIGNAL_CASES = [
  { how: "handed over", extra: [] as string[] },
  { how: "relayed by pipshim", extra: ["--user"] },
];

for (const { how, extra } of SIGNAL_CASES) {
  e2e(`Ctrl-C during a redirected install (${how}) ends with pip's own status, and leaves no process behind`, async (sb) => {
    const root = sb.dir("proj", PYPROJECT);
    assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0); // the .venv exists
    const offline = { PIP_NO_INDEX: undefined, PIP_FIND_LINKS: undefined };
    // pip itself, interrupted the same way, for reference.
    const index = await slowIndex(await fixtureWheels(), "psapp");
    const alone = spawn(join(root, ".venv", "bin", "pip"), ["install", "psapp"], {
      cwd: root,
      env: { ...sb.env, PIP_NO_INDEX: "", PIP_FIND_LINKS: "", PIP_INDEX_URL: index.url },
      detached: true,
      stdio: "ignore",
    });
    const aloneDone = new Promise<number | null>((r) => alone.on("close", (s) => r(s)));
    await index.downloading;
    process.kill(-alone.pid!, "SIGINT");
    const pipStatus = await aloneDone;
    await index.close();

    const again = await slowIndex(await fixtureWheels(), "psapp");
    try {
      const { child, done } = startPip(sb, ["install", ...extra, "psapp"], root, { ...offline, PIP_INDEX_URL: again.url });
      await again.downloading;
      process.kill(-child.pid!, "SIGINT");
      const r = await done;
      assert.equal(r.status, pipStatus, r.stderr);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /Operation cancelled by user/);
      await until("no process left", () => processesOf(sb).length === 0, 5_000);
    } finally {
      await again.close();
    }
  });

  e2e(`SIGTERM to pipshim alone (a CI timeout; ${how}) reaches pip: status 143, and no orphans`, async (sb) => {
    const root = sb.dir("proj", PYPROJECT);
    assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0);
    const index = await slowIndex(await fixtureWheels(), "psapp");
    try {
      const { child, done } = startPip(sb, ["install", ...extra, "psapp"], root, { PIP_NO_INDEX: undefined, PIP_FIND_LINKS: undefined, PIP_INDEX_URL: index.url });
      await index.downloading;
      process.kill(child.pid!, "SIGTERM");
      const r = await done;
      // Handed over, pip itself dies of the signal (a shell shows 143); relayed, pipshim exits 143.
      if (r.signal) assert.equal(r.signal, "SIGTERM", r.stderr);
      else assert.equal(r.status, 143, r.stderr);
      assert.equal(r.signal !== null, extra.length === 0, "handed over exactly when nothing needs rewriting");
      await until("no process left", () => processesOf(sb).length === 0, 5_000);
    } finally {
      await index.close();
    }
  });
}

e2e("package names and paths with quotes, spaces, non-ASCII letters and newlines route right", async (sb) => {
  const root = sb.dir(`proj 'é" $HOME \`x\``, { ...PYPROJECT, "sub dir/req file.txt": "pslib\n" });
  const r = await sb.pip(["install", "-r", "req file.txt"], { cwd: join(root, "sub dir") });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(siteOf(join(root, ".venv")), "pslib")));
  for (const name of ["ps lib", "psé", "ps\nlib", "'pslib'"]) {
    const bad = await sb.pip(["install", name], { cwd: root });
    assert.ok(bad.status === 1 || bad.status === 2, `${JSON.stringify(name)}: ${bad.status} ${bad.stderr}`);
    assert.match(bad.stderr, /ERROR: /);
  }
});

/** Makes `dir` read-only even for root: the immutable attribute, else a read-only tmpfs copy. */
/** Runs a system tool, giving false where it is missing or fails (a test that needs it is skipped). */
async function tool(sb: Sandbox, file: string, args: string[]): Promise<boolean> {
  return (await sb.run(file, args).catch(() => ({ status: -1 }))).status === 0;
}

async function makeReadOnly(sb: Sandbox, dir: string): Promise<(() => Promise<void>) | string> {
  if (await tool(sb, "chattr", ["+i", dir])) return async () => void (await tool(sb, "chattr", ["-i", dir]));
  const files = readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))] as const);
  if (!(await tool(sb, "mount", ["-t", "tmpfs", "-o", "size=1m,mode=755", "tmpfs", dir]))) return "cannot chattr +i nor mount a tmpfs here";
  for (const [f, data] of files) writeFileSync(join(dir, f), data);
  await sb.run("mount", ["-o", "remount,ro", dir]);
  return async () => void (await sb.run("umount", [dir]));
}

e2e("a read-only project folder: a clear error, and nothing left behind", async (sb, t) => {
  const root = sb.dir("proj", PYPROJECT);
  const undo = await makeReadOnly(sb, root);
  if (typeof undo === "string") return t.skip(undo);
  try {
    const r = await sb.pip(["install", "pslib"], { cwd: root });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^pipshim: .*\npipshim: could not create .*proj\/\.venv with \/usr\/bin\/python3: .*(not write-able|Permission denied|Operation not permitted|Read-only file system)/is);
    assert.deepEqual(readdirSync(root), ["pyproject.toml"]);
    const records = join(sb.home, ".local", "share", "pipshim", "made");
    assert.deepEqual(existsSync(records) ? readdirSync(records) : [], [], "no record of a venv left");
  } finally {
    await undo();
  }
});

e2e("a full disk while the .venv is made: a clear error, and nothing left behind", async (sb, t) => {
  const root = sb.dir("proj");
  if (!(await tool(sb, "mount", ["-t", "tmpfs", "-o", "size=400k,mode=755", "tmpfs", root]))) return t.skip("cannot mount a small tmpfs here");
  try {
    writeFileSync(join(root, "pyproject.toml"), "");
    const r = await sb.pip(["install", "pslib"], { cwd: root });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /pipshim: could not create .*\.venv with \/usr\/bin\/python3: .*No space left on device/);
    assert.deepEqual(readdirSync(root), ["pyproject.toml"]);
  } finally {
    await sb.run("umount", [root]);
  }
});

e2e("a full HOME (pipshim's folders on a file system with no space left): one clear line, and no second one from the shell", async (sb, t) => {
  const full = sb.dir("full");
  if (!(await tool(sb, "mount", ["-t", "tmpfs", "-o", "size=256k,mode=755", "tmpfs", full]))) return t.skip("cannot mount a small tmpfs here");
  try {
    mkdirSync(join(full, "cache"));
    mkdirSync(join(full, "data"));
    try {
      writeFileSync(join(full, "filler"), Buffer.alloc(1024 * 1024));
    } catch {
      // full now
    }
    const env = { XDG_CACHE_HOME: join(full, "cache"), XDG_DATA_HOME: join(full, "data") };
    const r = await sb.pip(["install", "pslib"], { cwd: sb.dir("outside"), env });
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /ended without answering|internal error|\n\s+at /, r.stderr);
    assert.match(r.stderr, /(^|\n)pipshim: [^\n]*(no space left on device|ENOSPC)[^\n]*\n$/i);
    assert.ok(!existsSync(join(full, "data", "pipshim", "default-python3.11")), "nothing half made");
  } finally {
    await sb.run("umount", [full]);
  }
});

e2e("a malformed EXTERNALLY-MANAGED marker still counts as managed (pipshim only asks whether it is a file, as pip does)", async (sb) => {
  // A Python whose stdlib is a copy of links to the real one, with a marker pip cannot parse.
  const fake = sb.dir("fakeprefix/lib/python3.11");
  for (const e of readdirSync("/usr/lib/python3.11")) if (e !== "EXTERNALLY-MANAGED") symlinkSync(join("/usr/lib/python3.11", e), join(fake, e));
  writeFileSync(join(fake, "EXTERNALLY-MANAGED"), "\u0000 this is [not an ini file\n");
  symlinkSync("/usr/lib/python3/dist-packages", join(sb.root, "fakeprefix", "dist-packages"));
  const bin = sb.dir("fakebin");
  const python = join(bin, "python3");
  writeFileSync(python, `#!/bin/sh\nPYTHONHOME=${join(sb.root, "fakeprefix")} PYTHONPATH=/usr/lib/python3/dist-packages exec /usr/bin/python3 "$@"\n`);
  writeFileSync(join(bin, "pip"), `#!${python}\nimport sys\nfrom pip._internal.cli.main import main\nsys.exit(main())\n`);
  chmodSync(python, 0o755);
  chmodSync(join(bin, "pip"), 0o755);
  const root = sb.dir("proj", PYPROJECT);
  const env = { PATH: `${sb.shims}:${bin}:${sb.env.PATH}` };
  // pip itself refuses (its message falls back to the default one)...
  const refused = await sb.run(join(bin, "pip"), ["install", "pslib"], { cwd: root, env });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /externally-managed-environment/);
  // ...and pipshim routes.
  const explain = JSON.parse((await sb.pipshim(["explain", "--json", "install", "pslib"], { cwd: root, env })).stdout);
  assert.equal(explain.action, "project");
  assert.equal(explain.interpreter, python);
  // The interpreter's facts are cached; the cache notices the marker going away.
  rmSync(join(fake, "EXTERNALLY-MANAGED"));
  const after = JSON.parse((await sb.pipshim(["explain", "--json", "install", "pslib"], { cwd: root, env })).stdout);
  assert.equal(after.action, "passthrough");
  assert.match(after.reason, /has no EXTERNALLY-MANAGED marker/);
});

e2e("pipx failing midway: its exit status and output reach the user, and nothing stray remains", async (sb) => {
  const r = await sb.pip(["install", "psbroken"]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /psbroken → pipx/);
  assert.match(r.stdout + r.stderr, /No matching distribution found for ps-no-such-dependency/);
  const venvs = join(sb.pipxHome, "venvs");
  // pipx 1.8's lock file for the application stays, as pipx's own does: a kernel lock needs no removal.
  assert.deepEqual(existsSync(venvs) ? readdirSync(venvs).filter((n) => !/^\..*\.lock$/.test(n)) : [], [], "pipx left no venv");
  assert.ok(!existsSync(join(sb.pipxBin, "psbroken")));
  assert.ok(!existsSync(join(sb.home, ".local", "share", "pipshim", "default-python3.11")), "no default environment");
});

e2e("no HOME set: pip still works, and pipshim still routes", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  const v = await sb.pip(["--version"], { env: { HOME: undefined } });
  assert.equal(v.status, 0, v.stderr);
  const r = await sb.pip(["install", "pslib"], { cwd: root, env: { HOME: undefined } });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(siteOf(join(root, ".venv")), "pslib")));
});

e2e("HOME pointed elsewhere (a folder that does not exist): pip works, installs still route", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  const env = { HOME: "/nonexistent/pipshim-home", XDG_CACHE_HOME: undefined, XDG_DATA_HOME: undefined, XDG_CONFIG_HOME: undefined, XDG_STATE_HOME: undefined };
  const v = await sb.pip(["--version"], { env });
  assert.equal(v.status, 0, v.stderr);
  const r = await sb.pip(["install", "pslib"], { cwd: root, env });
  assert.equal(r.status, 0, r.stderr);
});

e2e("pipshim's own failures are one line, never a stack trace", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  // The current folder removed under the shell's feet.
  const gone = await sb.run("/bin/sh", ["-c", 'mkdir gone && cd gone && rmdir ../gone && exec pip install pslib'], { cwd: root });
  assert.equal(gone.status, 1);
  // (The shell that starts the shim says its own word about it first.) Said once.
  assert.match(gone.stderr, /(^|\n)pipshim: the current folder no longer exists: cd to one that does\n$/);
  assert.equal(gone.stderr.split("the current folder no longer exists").length, 2, gone.stderr);
  assert.doesNotMatch(gone.stderr, /\n\s+at /, "no stack trace");
  // pipshim's cache folder is a file: the cache is an optimisation (interpreter facts, the
  // shell's records), so a routed install still works, only slower.
  const file = join(sb.root, "not-a-folder");
  writeFileSync(file, "");
  const r = await sb.pip(["install", "pslib"], { cwd: root, env: { XDG_CACHE_HOME: file } });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error/, "no stack trace");
  assert.ok(existsSync(join(siteOf(join(root, ".venv")), "pslib")));
  // pipshim's data folder is a file (ENOTDIR): outside a project, a library cannot get its
  // default environment; one line, no stack trace, nothing made.
  const outside = sb.dir("outside");
  const d = await sb.pip(["install", "pslib"], { cwd: outside, env: { XDG_DATA_HOME: file } });
  assert.equal(d.status, 1, d.stderr);
  assert.doesNotMatch(d.stderr, /\n\s+at |internal error/, "no stack trace");
  assert.match(d.stderr, /\npipshim: cannot make the folder [^\n]*not-a-folder\/pipshim: a part of the path is not a folder \(set XDG_DATA_HOME to a writable folder\)\n$/);
  assert.ok(!existsSync(join(outside, ".venv")));
});

e2e("a .venv in a folder every user can write to (/tmp), or another user's, is never taken for the user's", async (sb) => {
  const ran = join(sb.root, "ran");
  const shared = sb.dir("shared");
  chmodSync(shared, 0o1777);
  const planted = join(shared, ".venv");
  assert.equal((await sb.run("/usr/bin/python3", ["-m", "venv", "--without-pip", planted])).status, 0);
  writeFileSync(join(siteOf(planted), "evil.pth"), `import os; open(${JSON.stringify(ran)}, "w").write("pth")\n`);
  const work = sb.dir("shared/work");
  const explain = JSON.parse((await sb.pipshim(["explain", "--json", "install", "pslib"], { cwd: work })).stdout);
  assert.equal(explain.action, "default", "the shared folder is not a project");
  // A project of the user's, holding a .venv that another user owns.
  const root = sb.dir("proj", { "pyproject.toml": "" });
  assert.equal((await sb.run("/usr/bin/python3", ["-m", "venv", "--without-pip", join(root, ".venv")])).status, 0);
  assert.equal((await sb.run("chown", ["-R", "65534:65534", join(root, ".venv")])).status, 0);
  const r = await sb.pip(["install", "pslib"], { cwd: root });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /\.venv belongs to another user \(uid 65534\), so pipshim will not run it/);
  assert.ok(!existsSync(ran), "nothing of the planted venv ran");
});

e2e("a leftover record of an interrupted creation never removes a .venv the user made since", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  const { child, done } = startPip(sb, ["install", "pslib"], root, { PIPSHIM_VENV_TOOL: "venv" });
  await until(".venv to appear", () => existsSync(join(root, ".venv", "bin")));
  process.kill(-child.pid!, "SIGKILL");
  await done;
  rmSync(join(root, ".venv"), { recursive: true, force: true });
  assert.equal((await sb.run("/usr/bin/python3", ["-m", "venv", join(root, ".venv")])).status, 0);
  writeFileSync(join(root, ".venv", "mine.txt"), "the user's");
  // Not pipshim's: refused (and left alone) until the user trusts it.
  const refused = await sb.pip(["install", "pslib"], { cwd: root });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /was not made by pipshim .*run `pipshim trust \S*proj\/\.venv` once/);
  assert.equal((await sb.pipshim(["trust"], { cwd: root })).status, 0);
  const r = await sb.pip(["install", "pslib"], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /half made/);
  assert.equal(readFileSync(join(root, ".venv", "mine.txt"), "utf8"), "the user's");
  assert.ok(existsSync(join(siteOf(join(root, ".venv")), "pslib")));
});

e2e("HOME reached through a symlink is still never a project", async (sb) => {
  const link = join(sb.root, "home-link");
  symlinkSync(sb.home, link);
  sb.dir("home/.git");
  const sub = sb.dir("home/notes");
  const explain = JSON.parse((await sb.pipshim(["explain", "--json", "install", "pslib"], { cwd: sub, env: { HOME: link } })).stdout);
  assert.equal(explain.action, "default");
  const trailing = JSON.parse((await sb.pipshim(["explain", "--json", "install", "pslib"], { cwd: sub, env: { HOME: `${sb.home}/` } })).stdout);
  assert.equal(trailing.action, "default");
});

/**
 * `pip install PKG` in `root` while another process holds `lock`, with PIPSHIM_LOCK_TIMEOUT=2:
 * status 1, the wait said once, the give-up line, and how long it took (ms).
 */
async function gaveUpWaiting(sb: Sandbox, root: string, lock: string, pkg: string): Promise<number> {
  const holder = await holdLock(lock);
  try {
    const started = Date.now();
    const r = await sb.pip(["install", pkg], { cwd: root, env: { PIPSHIM_LOCK_TIMEOUT: "2" } });
    const ms = Date.now() - started;
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr.match(/pipshim: waiting for another pip working on/g)?.length, 1, r.stderr);
    assert.match(r.stderr, /pipshim: gave up waiting for another pip working on .*proj\/\.venv, after 2 s \(PIPSHIM_LOCK_TIMEOUT/);
    return ms;
  } finally {
    holder.kill("SIGKILL");
  }
}

e2e("a lock wait ends at PIPSHIM_LOCK_TIMEOUT, in one Node.js run: said once, in about that time", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0);
  // The .venv's lock (uv's file) held by another process, as uv or another pip would hold it.
  const took = await gaveUpWaiting(sb, root, join(root, ".venv", ".lock"), "psdep");
  assert.ok(took >= 2000 && took < 8000, `took ${took} ms`);
  assert.ok(!existsSync(join(siteOf(join(root, ".venv")), "psdep")), "nothing installed");
});

e2e("16 concurrent installs into one .venv, half by the shell alone and half relayed by Node.js: no two pips ever run at once", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0);
  // Handed over once by Node.js, which records what the shell may then do alone.
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0);
  // A source distribution whose build writes begin and end marks around a pause: the build runs
  // inside pip, so two builds overlapping means two pips ran at once.
  const log = join(sb.root, "marks.log");
  const src = sb.dir("psmark-src/psmark-1.0", {
    "setup.py": 'import os, time\nfrom setuptools import setup\nlog = os.environ["PSMARK_LOG"]\n' +
      'with open(log, "a") as f: f.write("begin %d\\n" % os.getpid())\ntime.sleep(0.15)\n' +
      'with open(log, "a") as f: f.write("end %d\\n" % os.getpid())\nsetup(name="psmark", version="1.0", py_modules=[])\n',
    "PKG-INFO": "Metadata-Version: 2.1\nName: psmark\nVersion: 1.0\n",
  });
  const links = sb.dir("psmark-links");
  execFileSync("tar", ["-czf", join(links, "psmark-1.0.tar.gz"), "-C", join(src, ".."), "psmark-1.0"]);
  const env = { PSMARK_LOG: log, PIP_FIND_LINKS: `${sb.env.PIP_FIND_LINKS} ${links}` };
  const spied = join(sb.root, "node-runs");
  const spy = join(sb.root, "node-spy");
  writeFileSync(spy, `#!/bin/sh\necho run >> '${spied}'\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
  const args = ["install", "--no-build-isolation", "--force-reinstall", "--no-deps", "--no-cache-dir", "-q", "psmark"];
  const runs = await Promise.all(
    Array.from({ length: 16 }, (_, i) =>
      i % 2
        ? // --user is dropped with a notice: Node.js relays that call, holding the lock itself.
          sb.pip([...args, "--user"], { cwd: root, env })
        : // By the shell alone, run_pip.py holding the lock; one that finds the .venv changed
          // by another install meanwhile asks Node.js (counted by a node that says it was run).
          sb.pip(args, { cwd: root, env: { ...env, PIPSHIM_NODE: spy } }),
    ),
  );
  for (const r of runs) assert.equal(r.status, 0, r.stderr);
  const asked = existsSync(spied) ? readFileSync(spied, "utf8").split("\n").filter(Boolean).length : 0;
  assert.ok(asked < 8, `some installs by the shell alone (${8 - asked} of 8)`);
  const marks = readFileSync(log, "utf8").trim().split("\n");
  assert.ok(marks.length >= 32, `every install built it: ${marks.length} marks`);
  for (let i = 0; i < marks.length; i += 2) {
    const [b, pid] = marks[i].split(" ");
    assert.equal(b, "begin", `mark ${i}: ${marks.slice(Math.max(0, i - 2), i + 3).join(" | ")}`);
    assert.equal(marks[i + 1], `end ${pid}`, `a build ran alone: ${marks.slice(Math.max(0, i - 2), i + 3).join(" | ")}`);
  }
}, { timeout: 300_000 });

e2e("Ctrl-C while waiting for a lock ends the wait at once with 130, nothing installed and nothing left running", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0);
  const holder = await holdLock(join(root, ".venv", ".lock"));
  try {
    const { child, done } = startPip(sb, ["install", "psdep"], root);
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    await until("the wait is said", () => /waiting for another pip/.test(err), 30_000);
    const started = Date.now();
    process.kill(-child.pid!, "SIGINT");
    const r = await done;
    assert.equal(r.status, 130, r.stderr);
    assert.ok(Date.now() - started < 2000, "at once");
    await until("no process left", () => processesOf(sb).length === 0, 5_000);
    assert.ok(!existsSync(join(siteOf(join(root, ".venv")), "psdep")));
  } finally {
    holder.kill("SIGKILL");
  }
});

e2e("SIGTERM to pipshim while pipx installs: pipx and the pip it runs both end, no orphans", async (sb) => {
  assert.equal((await sb.pipshim(["config", "set", "apps", "psapp"])).status, 0);
  const index = await slowIndex(await fixtureWheels(), "psapp");
  try {
    const { child, done } = startPip(sb, ["install", "psapp"], sb.home, { PIP_NO_INDEX: undefined, PIP_FIND_LINKS: undefined, PIP_INDEX_URL: index.url });
    await index.downloading;
    assert.ok(processesOf(sb).some((p) => / -m pip install .*psapp/.test(p) || /pip.* install .*psapp/.test(p)), "pipx's pip is downloading");
    process.kill(child.pid!, "SIGTERM");
    const r = await done;
    assert.equal(r.status, 143, r.stderr);
    await until("no process left", () => processesOf(sb).length === 0, 5_000);
  } finally {
    await index.close();
  }
});

e2e("pipshim's cache folder under /proc (XDG_CACHE_HOME=/proc/x): a pass-through install works as pip alone does, and a routed one works too", async (sb) => {
  const env = { XDG_CACHE_HOME: "/proc/pipshim-x" };
  const mine = await sb.pip(["install", "--target", join(sb.root, "t1"), "pslib"], { env, timeoutMs: 60_000 });
  const alone = await sb.run("/usr/bin/pip", ["install", "--target", join(sb.root, "t2"), "pslib"], { env });
  assert.equal(alone.status, 0, alone.stderr);
  assert.deepEqual({ ...mine, stdout: mine.stdout.replaceAll("t1", "t2"), stderr: mine.stderr.replaceAll("t1", "t2") }, alone);
  assert.deepEqual(readdirSync(join(sb.root, "t1")), readdirSync(join(sb.root, "t2")));
  const root = sb.dir("proj", PYPROJECT);
  // A routed one works too: the cache is an optimisation, and locks live in the environments.
  const routed = await sb.pip(["install", "pslib"], { cwd: root, env, timeoutMs: 60_000 });
  assert.equal(routed.status, 0, routed.stderr);
  assert.doesNotMatch(routed.stderr, /\n\s+at |internal error/);
  assert.ok(existsSync(join(siteOf(join(root, ".venv")), "pslib")));
});

e2e("a held lock on a project whose .venv is not made yet: the wait is said once, PIPSHIM_LOCK_TIMEOUT=2 ends it in about 2 s, nothing made", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  // Another pipshim making this project's .venv holds the project folder's lock.
  const ms = await gaveUpWaiting(sb, root, root, "pslib");
  assert.ok(ms >= 2000 && ms < 8000, `${ms} ms`);
  assert.ok(!existsSync(join(root, ".venv")));
});

e2e("the holder of a lock SIGKILLed: the next install starts at once (the kernel released it)", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0);
  const holder = await holdLock(join(root, ".venv", ".lock"));
  holder.kill("SIGKILL");
  await new Promise((r) => holder.once("exit", r));
  const r = await sb.pip(["install", "psdep"], { cwd: root, env: { PIPSHIM_LOCK_TIMEOUT: "2" } });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /waiting/);
});

e2e("FIFOs where files should be never block pipshim: PIP_CONFIG_FILE, and the settings file", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  const fifo = join(sb.root, "fifo");
  execFileSync("mkfifo", [fifo]);
  const explain = await sb.pipshim(["explain", "--json", "install", "pslib"], { cwd: root, env: { PIP_CONFIG_FILE: fifo }, timeoutMs: 30_000 });
  assert.equal(explain.status, 0, explain.stderr);
  assert.equal(JSON.parse(explain.stdout).action, "project");
  const settings = join(sb.home, ".config", "pipshim", "config.json");
  mkdirSync(join(sb.home, ".config", "pipshim"), { recursive: true });
  execFileSync("mkfifo", [settings]);
  const r = await sb.pip(["install", "pslib"], { cwd: root, timeoutMs: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /pipshim: .*config\.json is a FIFO \(named pipe\), not a file; using the default settings/);
  const list = await sb.pipshim(["config", "list"], { timeoutMs: 30_000 });
  assert.equal(list.status, 1);
  assert.equal(list.stderr.split("\n").length, 2, "one line");
});

e2e("a read-only settings folder: pipshim config set says so in one line (not exit 70)", async (sb, t) => {
  const dir = join(sb.home, ".config", "pipshim");
  mkdirSync(dir, { recursive: true });
  if (!(await tool(sb, "chattr", ["+i", dir]))) return t.skip("cannot chattr +i here");
  try {
    const r = await sb.pipshim(["config", "set", "quiet", "true"]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^pipshim: cannot write .*\/\.config\/pipshim\/config\.json: (operation not permitted|read-only file system|permission denied) \(set XDG_CONFIG_HOME to a writable folder\)\n$/);
  } finally {
    await tool(sb, "chattr", ["-i", dir]);
  }
});

/** Sends `signal` to a routed `pip ARGS` `afterMs` after it starts (SIGINT to its process group, as Ctrl-C does; others to it alone). */
async function signalEarly(sb: Sandbox, args: string[], cwd: string, signal: NodeJS.Signals, afterMs: number) {
  const { child, done } = startPip(sb, args, cwd);
  await new Promise((r) => setTimeout(r, afterMs));
  try {
    process.kill(signal === "SIGINT" ? -child.pid! : child.pid!, signal);
  } catch {
    // ended already
  }
  return done;
}

e2e("Ctrl-C or SIGTERM while Node.js decides: 128+n, nothing done, no 'ended without answering' line", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  assert.equal((await sb.pip(["install", "--no-deps", "psdep"], { cwd: root })).status, 0); // the .venv and the answer folder exist
  assert.equal((await sb.pip(["uninstall", "-y", "psdep"], { cwd: root })).status, 0);
  assert.ok(!existsSync(join(siteOf(join(root, ".venv")), "pslib")));
  const codes = { SIGINT: 130, SIGTERM: 143 } as const;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    // Early: while the shell and Node.js start and decide.
    for (const ms of [5, 20, 40]) {
      const r = await signalEarly(sb, ["install", "pslib"], root, signal, ms);
      const status = r.status ?? 128 + (r.signal === "SIGINT" ? 2 : 15);
      assert.equal(status, codes[signal], `${signal} after ${ms} ms: ${r.status} ${r.signal} ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /ended without answering|internal error|\n\s+at /, `${signal} after ${ms} ms`);
      assert.ok(!existsSync(join(siteOf(join(root, ".venv")), "pslib")), `${signal} after ${ms} ms: nothing installed`);
    }
  }
  const answers = join(sb.home, ".cache", "pipshim", "run");
  assert.deepEqual(readdirSync(answers), [], "no answer file left behind");
});

e2e("pipshim run with no command: a usage line and status 2; pipshim run -h: status 0", async (sb) => {
  for (const first of [1, 2]) {
    // The first time without the answer folder, then with it.
    const none = await sb.pipshim(["run"]);
    assert.equal(none.status, 2, `${first}: ${none.stderr}`);
    assert.match(none.stderr, /^pipshim: pipshim run needs a command to run \(pipshim run --help\)\n$/);
    const help = await sb.pipshim(["run", "-h"]);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage: pipshim run CMD/);
    assert.equal(help.stderr, "");
    mkdirSync(join(sb.home, ".cache", "pipshim", "run"), { recursive: true, mode: 0o700 });
  }
});

e2e("standard input closed (cron, some CI runners): routed installs and uninstalls work", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  const closed = (cmd: string, cwd: string) => sb.run("/bin/sh", ["-c", `${cmd} <&-`], { cwd });
  for (const run of [1, 2]) {
    // The first call on the account has no answer folder yet, the second one has.
    const r = await closed("pip install pslib", root);
    assert.equal(r.status, 0, `${run}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /Bad file descriptor|without answering|integer expression/);
  }
  assert.ok(existsSync(join(siteOf(join(root, ".venv")), "pslib")));
  const u = await closed("pip uninstall -y pslib", root);
  assert.equal(u.status, 0, u.stderr);
  assert.ok(!existsSync(join(siteOf(join(root, ".venv")), "pslib")));
  // The python shims (run by sh, dash here) too.
  const viaPython = await closed("python3 -m pip install pslib", root);
  assert.equal(viaPython.status, 0, viaPython.stderr);
  assert.ok(existsSync(join(siteOf(join(root, ".venv")), "pslib")));
  // Outside projects: an application (pipx), then its uninstall.
  const app = await closed("pip install psapp", sb.home);
  assert.equal(app.status, 0, app.stderr);
  assert.ok(existsSync(join(sb.pipxBin, "psapp")));
  const gone = await closed("pip uninstall -y psapp", sb.home);
  assert.equal(gone.status, 0, gone.stderr);
  assert.ok(!existsSync(join(sb.pipxBin, "psapp")));
});

e2e("one pipshim: line, never an internal error: a deleted folder (run, doctor), 10,000 arguments, NODE_OPTIONS", async (sb) => {
  const gone = (cmd: string) => sb.run("/bin/bash", ["-c", `mkdir gone && cd gone && rmdir ../gone && exec ${cmd}`], { cwd: sb.dir("w") });
  for (const cmd of [`${PIPSHIM_BIN} run true`, `${PIPSHIM_BIN} doctor`]) {
    const r = await gone(cmd);
    assert.equal(r.status, 1, `${cmd}: ${r.stderr}`);
    const ours = r.stderr.split("\n").filter((l) => !/^(shell-init|bash): /.test(l) && l !== "");
    assert.deepEqual(ours, ["pipshim: the current folder no longer exists: cd to one that does"], cmd);
  }
  // A file where pipshim's data folder should be (ENOTDIR): one line naming the variable.
  const file = join(sb.root, "a-file");
  writeFileSync(file, "");
  for (const env of [{ XDG_DATA_HOME: file }, { XDG_DATA_HOME: sb.dir("d") }]) {
    if (env.XDG_DATA_HOME !== file) writeFileSync(join(env.XDG_DATA_HOME, "pipshim"), "");
    const r = await sb.pip(["install", "pslib"], { env });
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    assert.match(r.stderr, /\npipshim: cannot make the folder \S+: .*not a folder \(set XDG_DATA_HOME to a writable folder\)\n$/);
  }
  // 10,000 arguments outside a project: a library gets them all (as pip would)...
  const many = Array.from({ length: 10_000 }, () => "--no-cache-dir");
  const lib = await sb.pip(["install", "pslib", ...many]);
  assert.equal(lib.status, 0, lib.stderr.slice(-2000));
  // ...an application's go to pipx as one --pip-args argument, over Linux's 128 KiB for one: one line.
  const app = await sb.pip(["install", "psapp", ...many]);
  assert.notEqual(app.status, 0);
  assert.doesNotMatch(app.stderr, /internal error|\n\s+at /);
  assert.match(app.stderr, /\npipshim: cannot run \S*pipx: one of its arguments is \d+ KiB, over the system's limit of 128 KiB for one argument \(E2BIG\)/);
  // The caller's NODE_OPTIONS is not pipshim's (and is given back to what it runs).
  const bad = { NODE_OPTIONS: "--require /nonexistent.js" };
  for (const args of [["install", "pslib"], ["install", "psapp"]]) {
    const r = await sb.pip(args, { env: bad });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /Cannot find module|\n\s+at /);
  }
  const d = await sb.pipshim(["doctor"], { env: bad });
  assert.doesNotMatch(d.stderr, /Cannot find module|\n\s+at /);
  const seen = await sb.pipshim(["run", "/bin/sh", "-c", 'printf %s "$NODE_OPTIONS"'], { env: bad });
  assert.equal(seen.stdout, bad.NODE_OPTIONS, seen.stderr);
});

/** Whether pipx's environment of `name` is whole (its python, pyvenv.cfg, pipx's metadata, and its command) or wholly gone. */
function pipxAppState(sb: Sandbox, name: string): "whole" | "gone" | string {
  const venv = join(sb.pipxHome, "venvs", name);
  const parts = {
    venv: existsSync(venv),
    python: existsSync(join(venv, "bin", "python")),
    cfg: existsSync(join(venv, "pyvenv.cfg")),
    metadata: existsSync(join(venv, "pipx_metadata.json")),
    command: existsSync(join(sb.pipxBin, name)),
  };
  const values = Object.values(parts);
  if (values.every(Boolean)) return "whole";
  if (!values.some(Boolean)) return "gone";
  return JSON.stringify(parts);
}

e2e("an application installed and uninstalled at the same moment (5 rounds): serialised by pipx's lock, never half gone, the system untouched", async (sb) => {
  assert.equal((await sb.pip(["install", "psapp"])).status, 0);
  for (let round = 1; round <= 5; round++) {
    const [install, uninstall] = await Promise.all([sb.pip(["install", "--force-reinstall", "psapp"]), sb.pip(["uninstall", "-y", "psapp"])]);
    for (const r of [install, uninstall]) {
      assert.doesNotMatch(r.stderr, /FileNotFoundError|Directory not empty|No such file or directory: .*bin\/python/, `round ${round}: ${r.stderr}`);
    }
    assert.equal(install.status, 0, `round ${round}: ${install.stderr}`);
    assert.equal(uninstall.status, 0, `round ${round}: ${uninstall.stderr}`);
    const state = pipxAppState(sb, "psapp");
    assert.ok(state === "whole" || state === "gone", `round ${round}: ${state}`);
    if (state === "gone") assert.equal((await sb.pip(["install", "psapp"])).status, 0);
  }
  // (The e2e frame checks that the system Python gained nothing.)
  assert.ok(!existsSync("/usr/local/lib/python3.11/dist-packages/pipx_shared.pth"));
});

e2e("a half-gone pipx environment (its bin/python removed) is repaired under the lock before pipx runs: install, upgrade", async (sb) => {
  for (const args of [["install", "psapp"], ["install", "-U", "psapp"]]) {
    assert.equal((await sb.pip(["install", "psapp"])).status, 0);
    rmSync(join(sb.pipxHome, "venvs", "psapp", "bin", "python"));
    const r = await sb.pip(args);
    assert.equal(r.status, 0, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr.match(/pipshim: psapp's pipx environment .* was half gone \(bin\/python missing\): removed it and its commands/g)?.length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /Traceback|FileNotFoundError/);
    assert.equal(pipxAppState(sb, "psapp"), "whole", args.join(" "));
    assert.equal((await sb.run("psapp", [])).stdout, "psapp 1.0\n");
  }
  // A half-gone environment of pipx's shared libraries is made again, not used.
  const shared = join(sb.pipxHome, "shared");
  assert.ok(existsSync(join(shared, "pyvenv.cfg")));
  rmSync(join(shared, "bin", "python"));
  const r = await sb.pip(["install", "--force-reinstall", "psapp"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /pipshim: pipx's shared libraries .* were half gone \(bin\/python missing\): removed them \(pipx makes them again\)/);
  assert.ok(existsSync(join(shared, "bin", "python")));
  assert.equal(pipxAppState(sb, "psapp"), "whole");
});

/** Paths under `dir` owned by root (uid 0). */
function rootOwned(dir: string): string[] {
  const out = execFileSync("find", [dir, "-uid", "0"], { encoding: "utf8" });
  return out.split("\n").filter(Boolean);
}

e2e("sudo -E pip install (root with another user's HOME): nothing of root's lands in that home; root's own folders are used, and said", async (sb, t) => {
  // Tests run as root. root's own home is made the sandbox's (a password database of this test's
  // own, bind-mounted in a mount namespace), so that nothing lands in the machine's /root.
  const rootHome = sb.dir("roothome");
  const passwd = join(sb.root, "passwd");
  writeFileSync(passwd, readFileSync("/etc/passwd", "utf8").replace(/^root:([^:]*):0:0:([^:]*):[^:]*:/m, `root:$1:0:0:$2:${rootHome}:`));
  const probe = await sb.run("unshare", ["-m", "sh", "-c", 'mount --bind "$0" /etc/passwd && exec getent passwd root', passwd]).catch(() => undefined);
  if (!probe || probe.status !== 0 || !probe.stdout.includes(rootHome)) return t.skip("cannot bind-mount a password database here (unshare -m)");
  // The user's home, given to uid 1234, with its folders named as the user's shell names them.
  const user = sb.dir("userhome");
  execFileSync("chown", ["-R", "1234:1234", user]);
  const env = {
    HOME: user,
    XDG_CONFIG_HOME: join(user, ".config"),
    XDG_DATA_HOME: join(user, ".local", "share"),
    XDG_CACHE_HOME: join(user, ".cache"),
    XDG_STATE_HOME: join(user, ".local", "state"),
    PIPX_HOME: join(user, ".local", "pipx"),
    PIPX_BIN_DIR: join(user, ".local", "bin"),
  };
  const asRootWithUsersHome = (args: string[]) =>
    sb.run("unshare", ["-m", "sh", "-c", 'mount --bind "$0" /etc/passwd && exec "$@"', passwd, "pip", ...args], { cwd: user, env });
  for (const args of [["install", "pslib"], ["install", "pslib"], ["install", "psapp"], ["uninstall", "-y", "psapp"], ["uninstall", "-y", "pslib"]]) {
    const r = await asRootWithUsersHome(args);
    assert.equal(r.status, 0, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr.split(`pipshim: running as root with HOME=${user}, which belongs to uid 1234 (sudo -E): pipshim uses root's own folders (${rootHome}) and writes nothing there\n`).length, 2, r.stderr);
    assert.deepEqual(rootOwned(user), [], `${args.join(" ")}: root-owned files in the user's home`);
    if (args.join(" ") === "install pslib") assert.ok(existsSync(join(siteOf(join(rootHome, ".local", "share", "pipshim", "default-python3.11")), "pslib")));
    if (args.join(" ") === "install psapp") assert.ok(existsSync(join(rootHome, ".local", "bin", "psapp")));
  }
});

e2e("a versioned shim with nothing behind it any more is as if it were not there; a project's .venv/bin/python runs though the system has no python", async (sb) => {
  // pip3.12 and python3.12 shims made while something had those names, gone since.
  const gone = sb.dir("gone");
  for (const n of ["pip3.12", "python3.12"]) {
    writeFileSync(join(gone, n), "#!/bin/sh\nexit 0\n");
    chmodSync(join(gone, n), 0o755);
  }
  makeShims(sb.shims, `${gone}:${sb.env.PATH}`);
  rmSync(gone, { recursive: true, force: true });
  for (const n of ["pip3.12", "python3.12"]) {
    const r = await sb.run(n, ["--version"]);
    assert.deepEqual([r.status, r.stderr], [127, `${n}: command not found\n`], n);
  }

  // No python on PATH (the sandbox's PATH has python3 only); the project's .venv has bin/python.
  assert.notEqual((await sb.run("sh", ["-c", "command -v python"], { env: { PATH: sb.env.PATH.replace(`${sb.shims}:`, "") } })).status, 0);
  const root = sb.dir("proj", PYPROJECT);
  const venv = join(root, ".venv");
  assert.equal((await sb.pip(["install", "-q", "pslib"], { cwd: root })).status, 0);
  const here = await sb.run("python", ["-c", "import sys, pslib; print(sys.prefix)"], { cwd: root });
  assert.deepEqual([here.status, here.stdout], [0, `${venv}\n`], here.stderr);
  // Its record in doubt (bin/ changed since): Node.js looks, and it still runs.
  chmodSync(join(venv, "bin"), 0o700);
  const again = await sb.run("python", ["-c", "import sys; print(sys.prefix)"], { cwd: root });
  assert.deepEqual([again.status, again.stdout], [0, `${venv}\n`], again.stderr);
  const outside = await sb.run("python", ["-c", "pass"], { cwd: sb.home });
  assert.deepEqual([outside.status, outside.stderr], [127, "python: command not found\n"]);
});

e2e("pip install --dry-run --report '' says only what happens: pip's dry run, for an environment that would be made too", async (sb) => {
  const root = sb.dir("proj", PYPROJECT);
  for (const cwd of [root, sb.home]) {
    const r = await sb.pip(["install", "--dry-run", "--report", "", "pslib"], { cwd });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Would install pslib-1\.0/);
    assert.doesNotMatch(r.stderr, /externally-managed-environment/);
    assert.match(r.stderr, /a dry run changes nothing; would install into .*\(.*it would be made\)/);
  }
  assert.ok(!existsSync(join(root, ".venv")), "nothing made");
  assert.ok(!existsSync(join(sb.home, ".local", "share", "pipshim", "default-python3.11")), "nothing made");
});
