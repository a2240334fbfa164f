// The environment lock (src/act/lock.ts): a lock path that can never be a lock ends the wait at
// once with one line; a held lock ends the wait by the deadline, saying so once; an empty lock
// file is given time; a dead owner's lock is taken over.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, execFileSync } from "node:child_process";
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { acquireLock, LockTimeout } from "../../src/act/lock.js";
import { fileKey } from "../../src/sys/file-key.js";
import { UserError } from "../../src/sys/output.js";
import { processStart } from "../../src/sys/proc.js";

const KEY = "/some/project/.venv";

function locks(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "pipshim-lock-"));
  return { dir, file: join(dir, `${fileKey(KEY)}.lock`) };
}

/** Acquires with this timeout; gives what happened, how long it took, and how often it said it waits. */
async function attempt(dir: string, timeoutMs: number) {
  const waits: number[] = [];
  const started = Date.now();
  try {
    const lock = await acquireLock(dir, KEY, { timeoutMs, onWait: (pid) => waits.push(pid) });
    return { outcome: "acquired" as const, lock, waits, ms: Date.now() - started };
  } catch (e) {
    return { outcome: e, waits, ms: Date.now() - started };
  }
}

function oneLine(e: unknown, pattern: RegExp): void {
  assert.ok(e instanceof UserError, String(e));
  assert.ok(!e.message.includes("\n"), e.message);
  assert.match(e.message, pattern);
}

test("a free lock is taken, and released", async () => {
  const { dir, file } = locks();
  try {
    const r = await attempt(dir, 1000);
    assert.equal(r.outcome, "acquired");
    assert.equal(readFileSync(file, "utf8"), `${process.pid} ${processStart(process.pid)}`);
    r.lock!.release();
    assert.throws(() => readFileSync(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a folder as the lock path ends at once, with one line", async () => {
  const { dir, file } = locks();
  try {
    mkdirSync(file);
    const r = await attempt(dir, 10_000);
    oneLine(r.outcome, /the lock .* is a folder, not a file: remove it/);
    assert.ok(r.ms < 1000, `${r.ms} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a FIFO as the lock path ends at once, with one line (and never blocks)", async () => {
  const { dir, file } = locks();
  try {
    execFileSync("mkfifo", [file]);
    const r = await attempt(dir, 10_000);
    oneLine(r.outcome, /the lock .* is a FIFO \(named pipe\), not a file/);
    assert.ok(r.ms < 1000, `${r.ms} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("another user's 0600 lock file ends at once, with one line", async () => {
  const { dir, file } = locks();
  try {
    writeFileSync(file, `1 ${processStart(1)}`);
    chmodSync(file, 0o600);
    chownSync(file, 65534, 65534);
    const r = await attempt(dir, 10_000);
    oneLine(r.outcome, /the lock .* belongs to another user \(uid 65534\)/);
    assert.ok(r.ms < 1000, `${r.ms} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a lock file pipshim cannot read (root's 0600 file, read by uid 65534) ends at once, with one line", () => {
  const { dir, file } = locks();
  try {
    chmodSync(dir, 0o1777);
    writeFileSync(file, `1 ${processStart(1)}`);
    chmodSync(file, 0o600);
    // The built modules, where uid 65534 can read them (the checkout may sit in a private folder).
    const copy = mkdtempSync(join(tmpdir(), "pipshim-lock-code-"));
    chmodSync(copy, 0o755);
    cpSync(fileURLToPath(new URL("../../src", import.meta.url)), join(copy, "src"), { recursive: true });
    cpSync(fileURLToPath(new URL("../../../node_modules/env-paths", import.meta.url)), join(copy, "node_modules", "env-paths"), { recursive: true });
    writeFileSync(join(copy, "package.json"), '{"type": "module"}\n');
    const lockModule = join(copy, "src", "act", "lock.js");
    const script =
      `import { acquireLock } from ${JSON.stringify(lockModule)};\n` +
      `try { await acquireLock(${JSON.stringify(dir)}, ${JSON.stringify(KEY)}, { timeoutMs: 10000 }); console.log("acquired"); }\n` +
      `catch (e) { console.log(e.constructor.name + ": " + e.message); }`;
    const started = Date.now();
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", uid: 65534, gid: 65534, cwd: "/", timeout: 15_000, env: { PATH: process.env.PATH } });
    rmSync(copy, { recursive: true, force: true });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^UserError: cannot read .*\.lock: permission denied: remove it if no other pipshim is running/);
    assert.equal(r.stdout.trim().split("\n").length, 1);
    assert.ok(Date.now() - started < 5000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a held lock with a 2 s timeout ends in about 2 s, and says it waits once", async () => {
  const { dir, file } = locks();
  try {
    writeFileSync(file, `${process.ppid} ${processStart(process.ppid)}`); // the test runner: alive, and not us
    const r = await attempt(dir, 2000);
    assert.ok(r.outcome instanceof LockTimeout, String(r.outcome));
    assert.equal(r.outcome.ownerPid, process.ppid);
    assert.deepEqual(r.waits, [process.ppid]);
    assert.ok(r.ms >= 1900 && r.ms < 3500, `${r.ms} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an empty lock file (being written) is not taken as stale at once; one left empty is, after a while", async () => {
  const { dir, file } = locks();
  try {
    writeFileSync(file, "");
    const soon = await attempt(dir, 1000);
    assert.ok(soon.outcome instanceof LockTimeout, String(soon.outcome));
    const later = await attempt(dir, 10_000);
    assert.equal(later.outcome, "acquired");
    assert.ok(later.ms >= 1500 && later.ms < 5000, `${later.ms} ms`);
    later.lock!.release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a lock whose owner is gone is taken over at once", async () => {
  const { dir, file } = locks();
  try {
    const gone = spawnSync("true").pid!;
    writeFileSync(file, `${gone} 1`);
    const r = await attempt(dir, 10_000);
    assert.equal(r.outcome, "acquired");
    assert.ok(r.ms < 1000, `${r.ms} ms`);
    r.lock!.release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
