// The runner (src/sys/run.ts): exit statuses, the capture mode's time limit, and a signal passed on
// to the child and then to what the child left running, remembered for the caller.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runChild, signalled } from "../../src/sys/run.js";
import { processInfo } from "../../src/sys/proc.js";

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

test("the exit status; 128+n for a child killed by signal n; 127 for a program that is not there", async () => {
  assert.equal((await runChild("sh", ["-c", "exit 3"], { env, capture: true })).status, 3);
  assert.equal((await runChild("sh", ["-c", "kill -KILL $$"], { env, capture: true })).status, 137);
  const missing = await runChild("/nonexistent/program", [], { env, capture: true });
  assert.equal(missing.status, 127);
  assert.match(missing.stderr, /cannot run \/nonexistent\/program/);
});

test("capture mode gives the output, and ends a program that runs past its time limit", async () => {
  const r = await runChild("sh", ["-c", "echo out; echo err >&2"], { env, capture: true });
  assert.deepEqual([r.stdout, r.stderr, r.timedOut], ["out\n", "err\n", false]);
  const started = Date.now();
  const slow = await runChild("sleep", ["30"], { env, capture: true, timeoutMs: 300 });
  assert.equal(slow.timedOut, true);
  assert.equal(slow.status, 143);
  assert.ok(Date.now() - started < 5000);
});

function gone(pid: number): boolean {
  const info = processInfo(pid);
  if (!info) return true;
  // A zombie waiting for whoever adopted it is gone too.
  return /^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "latin1"));
}

test("SIGTERM reaches the child, then the child's children it left behind; signalled() remembers it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pipshim-run-"));
  try {
    const pidFile = join(dir, "grandchild");
    assert.equal(signalled(), undefined);
    // sh dies of SIGTERM at once; its sleep, reparented, would run on.
    const run = runChild("sh", ["-c", `sleep 60 & echo $! > ${pidFile}; wait`], { env, capture: true });
    let grandchild = 0;
    for (let i = 0; i < 200 && !grandchild; i++) {
      await new Promise((r) => setTimeout(r, 10));
      try {
        grandchild = Number(readFileSync(pidFile, "utf8"));
      } catch {
        // not yet
      }
    }
    assert.ok(grandchild > 0);
    process.kill(process.pid, "SIGTERM"); // as a CI timeout would
    const r = await run;
    assert.equal(r.status, 143);
    assert.equal(signalled(), "SIGTERM");
    for (let i = 0; i < 100 && !gone(grandchild); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(gone(grandchild), "the child's child was ended too");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
