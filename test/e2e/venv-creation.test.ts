// Making a project's .venv the way users meet it first: with the default tool (virtualenv, where
// it is installed) and its app-data cold (a fresh HOME per test). A first creation that is
// interrupted, runs out of space, or finds pipshim's app-data damaged never breaks a later one,
// here or in any other project; odd but legal paths work (README, "Guarantees").

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";
import type { Sandbox } from "../helpers/sandbox.js";

const PYPROJECT = { "pyproject.toml": "" };
const PY = "python3.11";
const siteOf = (venv: string) => join(venv, "lib", PY, "site-packages");

/** Processes (other than this one) whose environment has this sandbox's HOME: the test's own. */
function processesOf(home: string): string[] {
  const mine: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/environ`, "latin1").split("\0").includes(`HOME=${home}`)) {
        mine.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, "latin1").replace(/\0/g, " ")}`);
      }
    } catch {
      // gone already
    }
  }
  return mine;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Starts `pip ARGS` in its own process group (as a terminal's foreground job), for signals. */
function startPip(sb: Sandbox, args: string[], cwd: string) {
  const child = spawn("pip", args, { cwd, env: sb.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
  child.stdout.resume();
  let ended = false;
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>((r) =>
    child.on("close", (status, signal) => {
      ended = true;
      r({ status, signal, stderr });
    }),
  );
  return { child, done, ended: () => ended };
}

/** pipshim's app-data folders for virtualenv, and the user's own (which pipshim never touches). */
const appDataRoot = (sb: Sandbox) => join(sb.home, ".local", "share", "pipshim", "virtualenv");
const usersAppData = (sb: Sandbox) => join(sb.home, ".local", "share", "virtualenv");

function entries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** The live copy of pipshim's app-data (exactly one). */
function liveCopy(sb: Sandbox): string {
  const live = entries(appDataRoot(sb)).filter((n) => n.startsWith("py-"));
  assert.equal(live.length, 1, `one live app-data copy: ${live}`);
  return join(appDataRoot(sb), live[0]);
}

/** Temporary or moved-aside app-data copies left in pipshim's folder. */
const strays = (sb: Sandbox) => entries(appDataRoot(sb)).filter((n) => !n.startsWith("py-"));

/** The folder virtualenv unpacks pip's wheel into, in any app-data folder there is now. */
function pipImages(sb: Sandbox): string[] {
  const appDatas = [...entries(appDataRoot(sb)).map((n) => join(appDataRoot(sb), n)), usersAppData(sb)];
  const found: string[] = [];
  for (const a of appDatas) {
    const images = join(a, "wheel", "3.11", "image", "1", "CopyPipInstall");
    for (const n of entries(images)) if (n.startsWith("pip-") && !n.endsWith(".lock")) found.push(join(images, n));
  }
  return found;
}

/** `pip install pslib` in `root` works, and gives a .venv whose pip works and where pslib imports. */
async function installWorks(sb: Sandbox, root: string, env: Record<string, string | undefined> = {}): Promise<string> {
  const r = await sb.pip(["install", "pslib"], { cwd: root, env });
  assert.equal(r.status, 0, r.stderr);
  const python = join(root, ".venv", "bin", "python");
  const imp = await sb.run(python, ["-c", "import pslib"], { env });
  assert.equal(imp.status, 0, imp.stderr);
  const pip = await sb.run(python, ["-m", "pip", "--version"], { env });
  assert.equal(pip.status, 0, pip.stderr);
  return r.stderr;
}

// Moments of the first virtualenv run, cold app-data, to interrupt it at.
const STAGES: { name: string; reached: (sb: Sandbox, root: string) => boolean; delayMs?: number }[] = [
  { name: "the .venv folder was just made", reached: (_, root) => existsSync(join(root, ".venv")) },
  { name: "pip's wheel is being unpacked into the app-data", reached: (sb) => pipImages(sb).some((d) => existsSync(join(d, "pip"))) },
  {
    name: "pip's wheel is half unpacked into the app-data (30 ms later)",
    reached: (sb) => pipImages(sb).some((d) => existsSync(join(d, "pip"))),
    delayMs: 30,
  },
  { name: "the seed packages are being copied into the .venv", reached: (_, root) => existsSync(join(siteOf(join(root, ".venv")), "pip")) },
  { name: "the .venv's scripts are being written", reached: (_, root) => existsSync(join(root, ".venv", "bin", "pip")) },
];

const SIGNALS = [
  { how: "SIGKILL to the process group", kill: (pid: number) => process.kill(-pid, "SIGKILL") },
  { how: "SIGINT to the process group (Ctrl-C)", kill: (pid: number) => process.kill(-pid, "SIGINT") },
  { how: "SIGTERM to the shim's pid", kill: (pid: number) => process.kill(pid, "SIGTERM") },
];

for (const { how, kill } of SIGNALS) {
  for (const stage of STAGES) {
    e2e(`a first creation interrupted (${how}) when ${stage.name} never breaks the next install, here or in another project`, async (sb, t) => {
      const root = sb.dir("proj", PYPROJECT);
      const other = sb.dir("other", PYPROJECT);
      const run = startPip(sb, ["install", "pslib"], root);
      // Polled as often as the event loop allows: these moments last tens of milliseconds.
      const end = Date.now() + 120_000;
      while (!run.ended() && !stage.reached(sb, root)) {
        if (Date.now() > end) throw new Error(`timed out waiting for: ${stage.name}`);
        await sleep(1);
      }
      if (stage.delayMs) await sleep(stage.delayMs);
      const interrupted = !run.ended();
      if (interrupted) kill(run.child.pid!);
      else t.diagnostic("the install ended before the moment came: nothing interrupted");
      const r = await run.done;
      if (interrupted && r.status === 0) t.diagnostic("the signal came too late to interrupt the install");
      await until("no process left", () => processesOf(sb.home).length === 0, 10_000);
      // The same project, then another one: both install, and their .venv's pip works.
      await installWorks(sb, root);
      await installWorks(sb, other);
      assert.deepEqual(strays(sb), [], "no temporary app-data left");
      liveCopy(sb);
      assert.ok(!existsSync(usersAppData(sb)), "the user's own virtualenv app-data is never made");
    });
  }
}

/** Damage done to pipshim's app-data after a good run. */
const DAMAGE: { what: string; harm: (live: string) => void }[] = [
  { what: "a file of pip's image truncated", harm: (live) => truncateSync(join(pipImageIn(live), "pip", "_internal", "cli", "main.py")) },
  { what: "a file of pip's image deleted", harm: (live) => rmSync(join(pipImageIn(live), "pip", "__init__.py")) },
  { what: "pip's whole image deleted", harm: (live) => rmSync(pipImageIn(live), { recursive: true }) },
  { what: "pip's image emptied but for one stray file", harm: (live) => {
    const image = pipImageIn(live);
    rmSync(image, { recursive: true });
    mkdirSync(join(image, "pip"), { recursive: true });
    writeFileSync(join(image, "pip", "half.py"), "");
  } },
  { what: "its manifest deleted", harm: (live) => rmSync(join(live, ".pipshim-manifest")) },
  { what: "the whole copy replaced by an empty folder", harm: (live) => {
    rmSync(live, { recursive: true });
    mkdirSync(live);
  } },
];

function pipImageIn(live: string): string {
  const images = join(live, "wheel", "3.11", "image", "1", "CopyPipInstall");
  const pip = readdirSync(images).find((n) => n.startsWith("pip-") && !n.endsWith(".lock"));
  assert.ok(pip, `pip's image in ${images}`);
  return join(images, pip);
}

e2e("pipshim's virtualenv app-data damaged after a good run: the next installs still succeed, and it is made whole again", async (sb) => {
  await installWorks(sb, sb.dir("first", PYPROJECT));
  for (const [i, { what, harm }] of DAMAGE.entries()) {
    harm(liveCopy(sb));
    const stderr = await installWorks(sb, sb.dir(`proj${i}`, PYPROJECT));
    assert.doesNotMatch(stderr, /virtualenv could not/, `${what}: remade quietly`);
    const live = liveCopy(sb);
    assert.ok(statSync(join(pipImageIn(live), "pip", "_internal", "cli", "main.py")).size > 0, `${what}: whole again`);
    assert.deepEqual(strays(sb), [], `${what}: nothing stray`);
  }
  assert.ok(!existsSync(usersAppData(sb)));
});

e2e("concurrent first creations in several projects all succeed, and leave one app-data copy", async (sb) => {
  const roots = ["a", "b", "c", "d"].map((n) => sb.dir(n, PYPROJECT));
  const runs = await Promise.all(roots.map((root) => sb.pip(["install", "pslib"], { cwd: root })));
  for (const r of runs) assert.equal(r.status, 0, r.stderr);
  for (const root of roots) {
    const imp = await sb.run(join(root, ".venv", "bin", "python"), ["-c", "import pslib"]);
    assert.equal(imp.status, 0, imp.stderr);
  }
  liveCopy(sb);
  assert.deepEqual(strays(sb), []);
});

e2e("the user's own virtualenv app-data, even broken as an interrupted run leaves it, is neither used nor touched", async (sb) => {
  // What a Ctrl-C during the user's own first virtualenv run leaves: pip's image folder, empty.
  const theirs = usersAppData(sb);
  const image = join(theirs, "wheel", "3.11", "image", "1", "CopyPipInstall", "pip-23.0.1-py3-none-any");
  mkdirSync(join(image, "pip"), { recursive: true });
  writeFileSync(join(theirs, "keep-me"), "theirs");
  const listing = () => JSON.stringify(walk(theirs));
  const before = listing();
  await installWorks(sb, sb.dir("proj", PYPROJECT));
  await installWorks(sb, sb.dir("proj2", PYPROJECT));
  assert.equal(listing(), before);
});

function walk(dir: string): [string, number, number][] {
  const out: [string, number, number][] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    const s = lstatSync(p);
    out.push([p, s.size, s.mtimeMs]);
    if (s.isDirectory()) out.push(...walk(p));
  }
  return out;
}

e2e("the user's virtualenv settings (VIRTUALENV_* variables, virtualenv.ini) do not reach pipshim's creations", async (sb) => {
  const ini = join(sb.root, "virtualenv.ini");
  writeFileSync(ini, "[virtualenv]\nno_pip = true\n");
  const env = { VIRTUALENV_SYMLINK_APP_DATA: "1", VIRTUALENV_RESET_APP_DATA: "1", VIRTUALENV_CONFIG_FILE: ini, VIRTUALENV_NO_SETUPTOOLS: "1" };
  await installWorks(sb, sb.dir("proj", PYPROJECT), env);
  await installWorks(sb, sb.dir("proj2", PYPROJECT), env);
  const site = siteOf(join(sb.root, "proj2", ".venv"));
  assert.ok(!lstatSync(join(site, "pip")).isSymbolicLink(), "pip is copied, not linked to the app-data");
  assert.ok(existsSync(join(site, "setuptools")));
});

e2e("virtualenv failing for good: the .venv is made with python -m venv, said in one line", async (sb) => {
  // A virtualenv module that always fails, found first on PYTHONPATH.
  const fake = sb.dir("fake", { "virtualenv/__init__.py": "", "virtualenv/__main__.py": "raise SystemExit('RuntimeError: broken on purpose')\n" });
  const env = { PYTHONPATH: fake };
  const stderr = await installWorks(sb, sb.dir("proj", PYPROJECT), env);
  const lines = stderr.split("\n").filter((l) => l.startsWith("pipshim: virtualenv could not"));
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0], /^pipshim: virtualenv could not create .*proj\/\.venv \(RuntimeError: broken on purpose\); making it with \/usr\/bin\/python3 -m venv instead$/);
  assert.deepEqual(strays(sb), []);
});

e2e("a project folder whose name starts with - installs", async (sb) => {
  const root = sb.dir("-dash", PYPROJECT);
  await installWorks(sb, root);
  assert.match(readFileSync(join(root, ".venv", "pyvenv.cfg"), "utf8"), /^prompt = -dash$/m);
});

for (const [what, name] of [
  ["a newline", "new\nline"],
  ["a carriage return", "carriage\rreturn"],
  ['a "', 'quote"d'],
  ["a newline, a space and quotes", "all\n of 'it\""],
] as const) {
  e2e(`a project path holding ${what} installs, and installs again into its .venv`, async (sb) => {
    const root = sb.dir(join(name, "proj"), PYPROJECT);
    await installWorks(sb, root);
    const again = await sb.pip(["install", "psdep"], { cwd: root });
    assert.equal(again.status, 0, again.stderr);
    assert.ok(existsSync(join(siteOf(join(root, ".venv")), "psdep")));
    const un = await sb.pip(["uninstall", "-y", "psdep"], { cwd: root });
    assert.equal(un.status, 0, un.stderr);
    assert.ok(!existsSync(join(siteOf(join(root, ".venv")), "psdep")));
  });

  e2e(`a HOME holding ${what}: a project and the default environment install`, async (sb) => {
    const home = sb.dir(join(name, "home"));
    const env = {
      HOME: home,
      XDG_CONFIG_HOME: join(home, ".config"),
      XDG_DATA_HOME: join(home, ".local", "share"),
      XDG_CACHE_HOME: join(home, ".cache"),
      XDG_STATE_HOME: join(home, ".local", "state"),
    };
    const root = sb.dir(join(name, "home", "proj"), PYPROJECT);
    await installWorks(sb, root, env);
    const r = await sb.pip(["install", "pslib"], { cwd: home, env });
    assert.equal(r.status, 0, r.stderr);
    const python = join(home, ".local", "share", "pipshim", `default-${PY}`, "bin", "python");
    const imp = await sb.run(python, ["-c", "import pslib"], { env });
    assert.equal(imp.status, 0, imp.stderr);
  });
}

/** Runs a system tool, giving false where it is missing or fails (a test that needs it is skipped). */
async function tool(sb: Sandbox, file: string, args: string[]): Promise<boolean> {
  return (await sb.run(file, args).catch(() => ({ status: -1 }))).status === 0;
}

// pipshim's data (with its app-data copy) and the project on one small disk: sizes at which the
// first creation runs out of space while unpacking the app-data, just after, and while copying
// into the .venv (each about 12 MB here).
for (const size of ["1m", "6m", "14m", "20m"]) {
  e2e(`a full disk (${size}) during the first creation: a clear error, nothing left behind, and once space is freed the next install succeeds`, async (sb, t) => {
    const disk = sb.dir("disk");
    if (!(await tool(sb, "mount", ["-t", "tmpfs", "-o", `size=${size},mode=755`, "tmpfs", disk]))) return t.skip("cannot mount a small tmpfs here");
    try {
      const env = { XDG_DATA_HOME: join(disk, "data") };
      const root = join(disk, "proj");
      mkdirSync(root);
      writeFileSync(join(root, "pyproject.toml"), "");
      const r = await sb.pip(["install", "pslib"], { cwd: root, env });
      assert.notEqual(r.status, 0, r.stderr);
      assert.match(r.stderr, /pipshim: could not create .*\.venv with \/usr\/bin\/python3: .*No space left on device/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
      assert.deepEqual(readdirSync(root), ["pyproject.toml"]);
      const data = join(disk, "data", "pipshim");
      assert.deepEqual(entries(join(data, "made")), [], "no record of a venv left");
      assert.deepEqual(entries(join(data, "virtualenv")), [], "no app-data copy left");
      assert.ok(!existsSync(join(disk, "data", "virtualenv")), "the user's virtualenv app-data is never made");
      // Space freed: the next install succeeds, here and in another project on the same disk.
      assert.ok(await tool(sb, "mount", ["-o", "remount,size=200m", disk]));
      await installWorks(sb, root, env);
      const other = join(disk, "other");
      mkdirSync(other);
      writeFileSync(join(other, "pyproject.toml"), "");
      await installWorks(sb, other, env);
    } finally {
      await sb.run("umount", [disk]);
    }
  });
}
