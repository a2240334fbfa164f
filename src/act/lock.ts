// A lock per environment, so that concurrent pip calls make one venv and install into it one at
// a time. The lock is a file created with link(2) (atomic, fails if it exists) holding its owner's
// pid and start time; a lock whose owner is gone (killed, even by SIGKILL) is taken over.

import { fileKey } from "../sys/file-key.js";
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../sys/output.js";
import { onAbort } from "../sys/run.js";

function processStart(pid: number): string {
  try {
    // Field 22 of /proc/<pid>/stat: start time; with the pid, it names one process.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
  } catch {
    return "";
  }
}

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
  constructor(readonly ownerPid: number) {
    super("lock held too long");
  }
}

export interface Lock {
  release(): void;
}

export async function acquireLock(locksDir: string, key: string, options: LockOptions): Promise<Lock> {
  try {
    mkdirSync(locksDir, { recursive: true });
  } catch (e) {
    throw new UserError(`cannot make the folder for pipshim's locks, ${locksDir} (${(e as NodeJS.ErrnoException).code}): check XDG_CACHE_HOME and HOME`, 1);
  }
  const file = join(locksDir, `${fileKey(key)}.lock`);
  const owner = options.ownerPid ?? process.pid;
  const me = `${owner} ${processStart(owner)}`;
  const tmp = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(tmp, me);
  const forgetTmp = onAbort(() => rmSync(tmp, { force: true }));
  const deadline = Date.now() + options.timeoutMs;
  let waited = false;
  try {
    for (;;) {
      try {
        linkSync(tmp, file);
        // A process that moved a stale lock aside may have put it back over ours: check.
        if (readFileSync(file, "utf8") === me) break;
        continue;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      let owner = "";
      try {
        owner = readFileSync(file, "utf8");
      } catch {
        continue; // released in between
      }
      // Taken on this process's behalf already (a hand-over that was not used: bin/pipshim then
      // runs pipshim again, as the same process).
      if (owner === me) break;
      if (!alive(owner)) {
        // Move the stale lock aside (atomic), then make sure it was the stale one that moved.
        const aside = `${file}.stale.${process.pid}`;
        try {
          renameSync(file, aside);
          const moved = readFileSync(aside, "utf8");
          if (moved !== owner) {
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
        continue;
      }
      const ownerPid = Number(owner.split(" ")[0]);
      if (!waited) {
        waited = true;
        options.onWait?.(ownerPid);
      }
      if (Date.now() > deadline) throw new LockTimeout(ownerPid);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    forgetTmp();
    rmSync(tmp, { force: true });
  }
  const release = () => {
    try {
      if (readFileSync(file, "utf8") === me) rmSync(file, { force: true });
    } catch {
      // already gone
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
