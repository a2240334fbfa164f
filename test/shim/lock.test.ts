// The kernel lock (src/act/lock.ts): flock(2) on a descriptor of this process, taken through
// flock(1). A free lock is taken and released; one held by another process (flock(1), or the
// Python side's fcntl.flock) ends the wait by the deadline, saying so once; a holder killed by
// SIGKILL frees it at once; a folder locks as itself; a path that can never be a lock ends at once
// with one line; programs started while it is held do not keep it.

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acquireLock, LockTimeout } from "../../src/act/lock.js";
import { UserError } from "../../src/sys/output.js";

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

function place(): { dir: string; file: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "pipshim-lock-"));
  return { dir, file: join(dir, ".lock"), done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Acquires with this timeout; gives what happened, how long it took, and how often it said it waits. */
async function attempt(file: string, timeoutMs: number) {
  let waits = 0;
  const started = Date.now();
  try {
    const lock = await acquireLock(file, { timeoutMs, env, onWait: () => waits++ });
    return { outcome: "acquired" as const, lock, waits, ms: Date.now() - started };
  } catch (e) {
    return { outcome: e, lock: undefined, waits, ms: Date.now() - started };
  }
}

/** Whether another process could take the lock now (flock -n). */
function freeForOthers(file: string): boolean {
  return spawnSync("flock", ["-x", "-n", file, "true"]).status === 0;
}

/** Another process holding the lock until it is killed: flock(1), or Python's fcntl.flock. */
async function holder(file: string, how: "flock" | "python"): Promise<ChildProcess> {
  const child =
    how === "flock"
      ? spawn("flock", ["-x", "-o", file, "sh", "-c", "echo held; exec sleep 60"], { stdio: ["ignore", "pipe", "inherit"], detached: true })
      : spawn("/usr/bin/python3", ["-c", "import fcntl,os,sys,time\nfd=os.open(sys.argv[1],os.O_RDWR|os.O_CREAT)\nfcntl.flock(fd,fcntl.LOCK_EX)\nprint('held',flush=True)\ntime.sleep(60)", file], { stdio: ["ignore", "pipe", "inherit"], detached: true });
  holders.push(child);
  await new Promise<void>((r) => child.stdout!.once("data", () => r()));
  return child;
}

/** The holders and what they started, ended when the file's tests are done. */
const holders: ChildProcess[] = [];
after(() => {
  for (const h of holders) {
    try {
      process.kill(-h.pid!, "SIGKILL");
    } catch {
      // gone
    }
  }
});

function oneLine(e: unknown, pattern: RegExp): void {
  assert.ok(e instanceof UserError, String(e));
  assert.ok(!e.message.includes("\n"), e.message);
  assert.match(e.message, pattern);
}

test("a free lock is taken (the file made), held against other processes, and free again once released", async () => {
  const p = place();
  try {
    const r = await attempt(p.file, 1000);
    assert.equal(r.outcome, "acquired");
    assert.equal(r.waits, 0);
    assert.equal(freeForOthers(p.file), false);
    r.lock!.release();
    assert.equal(freeForOthers(p.file), true);
  } finally {
    p.done();
  }
});

for (const how of ["flock", "python"] as const) {
  test(`a lock held by another process (${how}) with a 2 s limit ends in about 2 s, saying it waits once`, async () => {
    const p = place();
    const h = await holder(p.file, how);
    try {
      const r = await attempt(p.file, 2000);
      assert.ok(r.outcome instanceof LockTimeout, String(r.outcome));
      assert.equal(r.waits, 1);
      assert.ok(r.ms >= 1900 && r.ms < 3500, `${r.ms} ms`);
    } finally {
      h.kill("SIGKILL");
      p.done();
    }
  });
}

test("a holder killed by SIGKILL frees the lock at once: a waiter gets it", async () => {
  const p = place();
  const h = await holder(p.file, "flock");
  try {
    const pending = attempt(p.file, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    const killedAt = Date.now();
    h.kill("SIGKILL");
    const r = await pending;
    assert.equal(r.outcome, "acquired");
    assert.equal(r.waits, 1);
    assert.ok(Date.now() - killedAt < 1500, `${Date.now() - killedAt} ms after the kill`);
    r.lock!.release();
  } finally {
    p.done();
  }
});

test("a program started while the lock is held does not keep it once this process releases it", async () => {
  const p = place();
  try {
    const r = await attempt(p.file, 1000);
    const child = spawn("sleep", ["30"], { stdio: "ignore" });
    r.lock!.release();
    assert.equal(freeForOthers(p.file), true);
    child.kill("SIGKILL");
  } finally {
    p.done();
  }
});

test("a folder is locked as itself", async () => {
  const p = place();
  try {
    const r = await attempt(p.dir, 1000);
    assert.equal(r.outcome, "acquired");
    assert.equal(freeForOthers(p.dir), false);
    r.lock!.release();
    assert.equal(freeForOthers(p.dir), true);
  } finally {
    p.done();
  }
});

test("a FIFO or a symbolic link as the lock path ends at once, with one line (and never blocks)", async () => {
  const p = place();
  try {
    spawnSync("mkfifo", [p.file]);
    const fifo = await attempt(p.file, 10_000);
    oneLine(fifo.outcome, /the lock .* is not a file: remove it/);
    assert.ok(fifo.ms < 1000, `${fifo.ms} ms`);
    rmSync(p.file);
    writeFileSync(join(p.dir, "elsewhere"), "");
    symlinkSync(join(p.dir, "elsewhere"), p.file);
    const link = await attempt(p.file, 10_000);
    oneLine(link.outcome, /cannot open the lock .* \(it is a symbolic link\)/);
    mkdirSync(join(p.dir, "x"));
  } finally {
    p.done();
  }
});
