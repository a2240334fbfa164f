// `pip install` into a project's existing environment without Node.js (bin/pipshim's
// _pipshim_fast_install): for every call the shell takes on itself, the same bytes, status and
// effect as Node.js gives for that very call (a PIPSHIM_* variable, which the fast path never
// takes, sends the twin call to Node.js); for every call with a doubt, Node.js runs. Node.js is
// seen through a wrapper named `node` first on PATH that leaves a mark.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";
import { PIPSHIM_BIN, type Sandbox } from "../helpers/sandbox.js";

interface Case {
  args: string[];
  env?: Record<string, string>;
  /** Files written (path relative to HOME → text) before the call, removed after it. */
  files?: Record<string, string>;
  shell: "fast" | "node";
}

const CASES: Case[] = [
  { args: ["install", "pslib"], shell: "fast" },
  { args: ["install", "-q", "pslib"], shell: "fast" },
  { args: ["install", "-U", "--no-deps", "pslib"], shell: "fast" },
  { args: ["install", "-r", "requirements.txt"], shell: "fast" },
  { args: ["install", "-c", "constraints.txt", "pslib"], shell: "fast" },
  { args: ["install", "pslib"], env: { PIP_INDEX_URL: "http://127.0.0.1:9/simple", PIP_NO_INPUT: "1" }, shell: "fast" },
  { args: ["install", "pslib"], files: { ".config/pip/pip.conf": "[global]\nindex-url = http://127.0.0.1:9/simple\n[list]\nformat = json\n" }, shell: "fast" },
  { args: ["install", "pslib"], files: { ".config/pip/pip.conf": "[install]\nuser = true\n" }, shell: "node" },
  { args: ["install", "pslib"], files: { ".pip/pip.conf": "[global]\ntimeout = 5\n" }, shell: "node" },
  { args: ["install", "--user", "pslib"], shell: "node" },
  { args: ["-q", "install", "pslib"], shell: "node" },
  { args: ["install", "--dry-run", "pslib"], shell: "node" },
  { args: ["install"], shell: "node" },
  { args: ["install", "-r"], shell: "node" },
  { args: ["install", "pslib"], env: { PIP_DEFAULT_TIMEOUT: "5" }, shell: "node" },
  { args: ["install", "pslib"], env: { PIP_NO_INPUT: "maybe" }, shell: "node" },
];

/** A `node` that leaves a mark, then is the real one. */
function markingNode(sb: Sandbox): { dir: string; mark: string } {
  const dir = sb.dir("marking-node");
  const mark = join(sb.root, "node-ran");
  writeFileSync(join(dir, "node"), `#!/bin/sh\necho ran >> '${mark}'\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
  return { dir, mark };
}

e2e("fast install: what the shell does alone is what Node.js does, byte for byte; every doubt goes to Node.js", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "", "requirements.txt": "pslib\n", "constraints.txt": "pslib<2\n" });
  assert.equal((await sb.pip(["install", "-q", "pslib"], { cwd: root })).status, 0);
  const { dir, mark } = markingNode(sb);
  const PATH = sb.env.PATH.replace(/^([^:]*):/, `$1:${dir}:`);
  for (const c of CASES) {
    for (const [name, text] of Object.entries(c.files ?? {})) {
      mkdirSync(join(sb.home, name, ".."), { recursive: true });
      writeFileSync(join(sb.home, name), text);
    }
    const label = `pip ${c.args.join(" ")} ${JSON.stringify(c.env ?? {})} ${JSON.stringify(c.files ?? {})}`;
    // Node.js's answer first: it also leaves the records the shell reads (config files judged).
    const byNode = await sb.pip(c.args, { cwd: root, env: { ...c.env, PATH, PIPSHIM_LOCK_TIMEOUT: "60" } });
    rmSync(mark, { force: true });
    const r = await sb.pip(c.args, { cwd: root, env: { ...c.env, PATH } });
    assert.equal(existsSync(mark), c.shell === "node", `${label}: ${c.shell === "node" ? "Node.js should" : "Node.js should not"} have run\n${r.stderr}`);
    assert.deepEqual({ status: r.status, stdout: r.stdout, stderr: r.stderr }, { status: byNode.status, stdout: byNode.stdout, stderr: byNode.stderr }, label);
    for (const name of Object.keys(c.files ?? {})) rmSync(join(sb.home, name));
  }
  // It did install: a new package, by the shell alone, into the project's environment.
  rmSync(mark, { force: true });
  const added = await sb.pip(["install", "psdep"], { cwd: root, env: { PATH } });
  assert.equal(added.status, 0, added.stderr);
  assert.ok(!existsSync(mark), "the shell alone");
  assert.match(added.stderr, /^pipshim: \/usr\/bin\/python3 is externally managed \(PEP 668\); installing into \S+\/proj\/\.venv \(project: pyproject\.toml\)\npipshim: use it with: source \S+\/proj\/\.venv\/bin\/activate\n/);
  assert.ok(existsSync(join(root, ".venv", "lib", "python3.11", "site-packages", "psdep")));
});

e2e("fast install: the lock is pipshim's: a live holder sends the call to Node.js (which waits), a dead one's lock is taken over", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  assert.equal((await sb.pip(["install", "-q", "pslib"], { cwd: root })).status, 0);
  const { dir, mark } = markingNode(sb);
  const PATH = sb.env.PATH.replace(/^([^:]*):/, `$1:${dir}:`);
  // Where pipshim's Node.js side keeps that environment's lock, as it told the shell.
  const lock = readFileSync(join(sb.home, ".cache", "pipshim", "shell", "trusted", root, ".venv", "lock"), "utf8").trim();
  assert.match(lock, /\/locks\/[0-9a-f]{16}\.lock$/);
  // A dead owner (a pid that is no process): taken over, by the shell alone.
  writeFileSync(lock, "999999999 12345");
  rmSync(mark, { force: true });
  const r = await sb.pip(["install", "pslib"], { cwd: root, env: { PATH } });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!existsSync(mark), "taken over by the shell");
  assert.match(readFileSync(lock, "utf8"), /^\d+ \d+$/);
  assert.notEqual(readFileSync(lock, "utf8"), "999999999 12345");
  // A live owner (this test's own process, as src/sys/proc.ts reads its start time).
  const stat = readFileSync(`/proc/${process.pid}/stat`, "latin1");
  writeFileSync(lock, `${process.pid} ${stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]}`);
  const waited = await sb.pip(["install", "pslib"], { cwd: root, env: { PATH, PIPSHIM_LOCK_TIMEOUT: "1" } });
  assert.ok(existsSync(mark), "Node.js ran");
  assert.equal(waited.status, 1);
  assert.match(waited.stderr, new RegExp(`waiting for another pipshim \\(pid ${process.pid}\\)`));
  // Without the PIPSHIM_* variable too: the shell never takes a live lock.
  rmSync(mark, { force: true });
  const again = await sb.run("timeout", ["3", "pip", "install", "pslib"], { cwd: root, env: { PATH } });
  assert.ok(existsSync(mark), "Node.js ran, and waited");
  assert.match(again.stderr, /waiting for another pipshim/);
  // `pipshim pip` (bin/pipshim, a /bin/sh script) never takes this path.
  rmSync(lock);
  rmSync(mark, { force: true });
  assert.equal((await sb.run(PIPSHIM_BIN, ["pip", "install", "pslib"], { cwd: root, env: { PATH } })).status, 0);
  assert.ok(existsSync(mark));
});
