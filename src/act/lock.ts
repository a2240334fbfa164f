// A lock per environment, so that concurrent pip calls make one venv and install into it one at
// a time. The lock is a file created with link(2) (atomic, fails if it exists) holding its owner's
// pid and start time; a lock whose owner is gone (killed, even by SIGKILL) is taken over. Every
// wait sleeps and ends by the deadline; a lock path that cannot be a lock (a folder, a FIFO,
// another user's file, one pipshim cannot read) ends the wait at once, with one line.

import { linkSync, lstatSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileKey } from "../sys/file-key.js";
import { FsError, fsFailure, makeDir, readRegularFile, writeNewFile } from "../sys/fs.js";
import { UserError } from "../sys/output.js";
import { processStart } from "../sys/proc.js";
import { onAbort } from "../sys/run.js";

/** How long a lock file may stay empty before it counts as abandoned (its writer died between creating and filling it). */
const EMPTY_GRACE_MS = 2000;

function alive(owner: string): boolean {
  const [pidText, start] = owner.split(" ");
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  const now = processStart(pid);
  return !start || !now || start === now;
}

export interface LockOptions {
  timeoutMs: number;
  /** The process that owns the lock: this one, or the shell that will exec pip (a hand-over). */
  ownerPid?: number;
  /** Called once, when the lock is busy, with the owner's pid. */
  onWait?: (ownerPid: number) => void;
}

export class LockTimeout extends Error {
  /** ownerPid: the holder last seen, when there was one. */
  constructor(readonly ownerPid?: number) {
    super("lock held too long");
  }
}

export interface Lock {
  release(): void;
}

function existsAsLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** link(2): true when it made `to`, false when something is there already. */
function link(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw fsFailure(e, "make the lock", to);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The lock file's text; a lock path that can never be a lock ends the wait here, with what to do. */
function readLock(file: string): string | undefined {
  const r = readRegularFile(file, 4096);
  if (r.ok) {
    const uid = process.geteuid?.();
    if (uid !== undefined && r.stat.uid !== uid) {
      throw new UserError(
        `the lock ${file} belongs to another user (uid ${r.stat.uid}), so pipshim cannot tell whether it is in use: ` +
          `remove it if no pipshim of theirs is running, or set XDG_CACHE_HOME to a folder of your own`,
      );
    }
    return r.text;
  }
  if (r.code === "ENOENT") {
    if (!existsAsLink(file)) return undefined; // released in between
    throw new UserError(`the lock ${file} is a symbolic link that leads nowhere: remove it, and pipshim makes its lock there again`);
  }
  if (r.code === "ENOTREG") throw new UserError(`the lock ${file} is ${r.kind}, not a file: remove it, and pipshim makes its lock there again`);
  throw new UserError(`${r.message}: remove it if no other pipshim is running, or set XDG_CACHE_HOME to a folder of your own`);
}

export async function acquireLock(locksDir: string, key: string, options: LockOptions): Promise<Lock> {
  try {
    makeDir(locksDir);
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    throw new UserError(`cannot make the folder for pipshim's locks, ${locksDir} (${e.code}): ${e.reason}; set XDG_CACHE_HOME to a writable folder`);
  }
  const file = join(locksDir, `${fileKey(key)}.lock`);
  const owner = options.ownerPid ?? process.pid;
  const me = `${owner} ${processStart(owner)}`;
  const tmp = `${file}.${process.pid}.${Date.now()}`;
  writeNewFile(tmp, me);
  const forgetTmp = onAbort(() => rmSync(tmp, { force: true }));
  const deadline = Date.now() + options.timeoutMs;
  let waited = false;
  let emptySince: number | undefined;
  let holder: number | undefined;
  /** Sleeps before the next try; past the deadline, gives up instead. */
  const pause = async (ms: number) => {
    const left = deadline - Date.now();
    if (left <= 0) throw new LockTimeout(holder);
    await sleep(Math.min(ms, left));
  };
  try {
    for (;;) {
      if (link(tmp, file)) {
        // A process that moved a stale lock aside may have put it back over ours: check.
        if (readLock(file) === me) break;
        await pause(20);
        continue;
      }
      const held = readLock(file);
      if (held === undefined) {
        await pause(5); // released in between: try again at once, nearly
        continue;
      }
      // Taken on this process's behalf already (a hand-over that was not used: bin/pipshim then
      // runs pipshim again, as the same process).
      if (held === me) break;
      if (held === "") {
        // Being written, or left empty by a writer that died: wait a little before calling it stale.
        emptySince ??= Date.now();
        if (Date.now() - emptySince < EMPTY_GRACE_MS) {
          await pause(50);
          continue;
        }
      } else {
        emptySince = undefined;
      }
      if (!alive(held)) {
        // Move the stale lock aside (atomic), then make sure it was the stale one that moved.
        const aside = `${file}.stale.${process.pid}`;
        try {
          renameSync(file, aside);
          const moved = readRegularFile(aside, 4096);
          if (!moved.ok || moved.text !== held) {
            try {
              linkSync(aside, file);
            } catch {
              // its owner lost the lock to a third process meanwhile; it will see it's not theirs
            }
          }
          rmSync(aside, { force: true });
        } catch {
          // someone else took it over first
        }
        emptySince = undefined;
        await pause(5);
        continue;
      }
      holder = Number(held.split(" ")[0]);
      if (!waited) {
        waited = true;
        options.onWait?.(holder);
      }
      await pause(100);
    }
  } finally {
    forgetTmp();
    rmSync(tmp, { force: true });
  }
  const release = () => {
    const r = readRegularFile(file, 4096);
    try {
      if (r.ok && r.text === me) rmSync(file, { force: true });
    } catch {
      // Left behind: its owner is gone, so the next pipshim takes it over.
    }
  };
  const forget = onAbort(release);
  return {
    release() {
      forget();
      release();
    },
  };
}
