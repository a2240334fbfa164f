// The file primitives (src/sys/fs.ts): a bounded mkdir, the atomic write, the read that never blocks.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FsError, makeDir, readRegularFile, writeFileAtomic } from "../../src/sys/fs.js";

const FS_MODULE = fileURLToPath(new URL("../../src/sys/fs.js", import.meta.url));

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "pipshim-fs-"));
}

/** Runs `code` (an ES module body with readRegularFile imported) in a Node.js of its own, so that a read that blocks cannot hang the tests. */
function inOwnProcess(code: string): { status: number | null; stdout: string; ms: number } {
  const started = Date.now();
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", `import { readRegularFile } from ${JSON.stringify(FS_MODULE)};\n${code}`], {
    encoding: "utf8",
    timeout: 10_000,
  });
  return { status: r.status, stdout: r.stdout, ms: Date.now() - started };
}

test("makeDir makes the missing folders, and is content with one that exists", () => {
  const dir = scratch();
  try {
    const deep = join(dir, "a", "b", "c");
    makeDir(deep);
    assert.ok(statSync(deep).isDirectory());
    makeDir(deep);
    makeDir(join(dir, "a"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("makeDir under /proc ends at once with an FsError (Node.js's recursive mkdir spins forever there)", () => {
  const started = Date.now();
  assert.throws(
    () => makeDir("/proc/pipshim-x/pipshim/locks"),
    (e) => e instanceof FsError && e.code === "ENOENT" && /^cannot make the folder \/proc\/pipshim-x\/pipshim\/locks: /.test(e.message),
  );
  assert.ok(Date.now() - started < 1000);
});

test("makeDir with a file in the way: ENOTDIR, one line", () => {
  const dir = scratch();
  try {
    writeFileSync(join(dir, "file"), "");
    assert.throws(() => makeDir(join(dir, "file", "sub")), (e) => e instanceof FsError && e.code === "ENOTDIR" && !e.message.includes("\n"));
    assert.throws(() => makeDir(join(dir, "file")), (e) => e instanceof FsError && e.code === "ENOTDIR");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an FsError in one of pipshim's folders says which variable moves it", () => {
  const saved = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = "/proc/pipshim-x";
  try {
    assert.throws(
      () => makeDir("/proc/pipshim-x/pipshim/interpreters"),
      (e) => e instanceof FsError && e.message.endsWith("(set XDG_CACHE_HOME to a writable folder)"),
    );
    assert.throws(() => writeFileAtomic("/proc/pipshim-x/pipshim/probe/x.py", "x"), (e) => e instanceof FsError && e.message.startsWith("cannot "));
  } finally {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  }
});

test("writeFileAtomic makes the folder, writes the text, and leaves no temporary file", () => {
  const dir = scratch();
  try {
    const file = join(dir, "new", "file.json");
    writeFileAtomic(file, "one");
    writeFileAtomic(file, "two", { fsync: true });
    assert.equal(readFileSync(file, "utf8"), "two");
    assert.deepEqual(readdirSync(join(dir, "new")), ["file.json"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("writeFileAtomic keeps the old file's mode and owner", () => {
  const dir = scratch();
  try {
    const file = join(dir, "profile");
    writeFileSync(file, "old");
    chmodSync(file, 0o640);
    chownSync(file, 65534, 65534); // the tests run as root: another user's file stays theirs
    writeFileAtomic(file, "new");
    const st = statSync(file);
    assert.equal(st.mode & 0o7777, 0o640);
    assert.equal(st.uid, 65534);
    assert.equal(st.gid, 65534);
    assert.equal(readFileSync(file, "utf8"), "new");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("writeFileAtomic removes its temporary file when it fails, and leaves the old one as it was", () => {
  const dir = scratch();
  try {
    const target = join(dir, "taken");
    mkdirSync(target);
    writeFileSync(join(target, "inside"), "x");
    assert.throws(() => writeFileAtomic(target, "text"), (e) => e instanceof FsError && /^cannot write .*taken: /.test(e.message));
    assert.deepEqual(readdirSync(dir), ["taken"]);
    assert.deepEqual(readdirSync(target), ["inside"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("readRegularFile: a file's text; a missing file ENOENT; a folder refused; a file too large refused", () => {
  const dir = scratch();
  try {
    writeFileSync(join(dir, "f"), "héllo");
    const ok = readRegularFile(join(dir, "f"));
    assert.ok(ok.ok && ok.text === "héllo");
    const missing = readRegularFile(join(dir, "nothing"));
    assert.ok(!missing.ok && missing.code === "ENOENT");
    const folder = readRegularFile(dir);
    assert.ok(!folder.ok && folder.code === "ENOTREG" && folder.kind === "a folder", JSON.stringify(folder));
    const big = readRegularFile(join(dir, "f"), 3);
    assert.ok(!big.ok && big.code === "EFBIG");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("readRegularFile reads a /proc file (its size says 0)", () => {
  const r = readRegularFile("/proc/self/stat");
  assert.ok(r.ok && /^\d+ \(/.test(r.text));
});

test("readRegularFile refuses a FIFO at once, without blocking (nobody writes to it)", () => {
  const dir = scratch();
  try {
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const r = inOwnProcess(`const r = readRegularFile(${JSON.stringify(fifo)}); process.stdout.write(JSON.stringify(r));`);
    assert.equal(r.status, 0, "it did not block");
    const result = JSON.parse(r.stdout);
    assert.equal(result.ok, false);
    assert.equal(result.code, "ENOTREG");
    assert.equal(result.kind, "a FIFO (named pipe)");
    assert.ok(r.ms < 5000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
