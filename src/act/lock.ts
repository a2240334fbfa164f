// Locks the kernel holds and releases: flock(2), the lock uv takes on a virtual environment
// (<env>/.lock) and pipx 1.8+ on an application (<PIPX_HOME>/venvs/.<name>.lock), so pipshim, uv
// and pipx serialise against each other. The lock belongs to a descriptor this process holds
// (opened close-on-exec: no program pipshim starts inherits it) until it releases it or ends in
// any way, SIGKILL included: there is no stale lock to take over. Node.js has no flock(2) of its
// own: util-linux's flock(1) takes it on this process's descriptor (its fd 3, the same open file),
// or, where there is no flock(1), the interpreter's fcntl.flock does. A folder can be locked as
// itself (a project's folder, while its .venv is made). A wait says once what it waits for, ends
// by the deadline, and a Ctrl-C ends it at once; a file system without locks (some network ones)
// is said once, and the work goes on unlocked, as cargo does.

import { closeSync, constants, fstatSync, lstatSync, openSync } from "node:fs";
import { findOnPath } from "../sys/path.js";
import { runChild, runCleanups, signalled, signalNumber } from "../sys/run.js";
import { UserError } from "../sys/output.js";

export interface Lock {
  release(): void;
}

export class LockTimeout extends Error {
  constructor(readonly file: string) {
    super(`lock ${file} held too long`);
  }
}

/** flock(1)'s exit status for a lock held by another (-E). */
const BUSY = 75;
const PYTHON_FLOCK = "import fcntl,sys\ntry:\n fcntl.flock(3,fcntl.LOCK_EX|fcntl.LOCK_NB)\nexcept BlockingIOError:\n sys.exit(75)\nexcept OSError as e:\n sys.exit(str(e))\n";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Attempt = "locked" | "busy" | "unsupported" | "interrupted";

/** One try (or, with waitS, a wait of up to that long) to lock the open file `fd`. */
async function tryLock(fd: number, env: NodeJS.ProcessEnv, python: string | undefined, waitS?: number): Promise<{ outcome: Attempt; why: string }> {
  const flock = findOnPath("flock", env.PATH ?? "") ?? (["/usr/bin/flock", "/bin/flock"].find((f) => { try { return lstatSync(f).isFile(); } catch { return false; } }));
  let r;
  if (flock) {
    const how = waitS === undefined ? ["-n"] : ["-w", waitS.toFixed(3)];
    r = await runChild(flock, ["-x", "-E", String(BUSY), ...how, "3"], { env, capture: true, fd3: fd });
  } else if (python) {
    r = await runChild(python, ["-I", "-S", "-c", PYTHON_FLOCK], { env, capture: true, fd3: fd });
    if (r.status === BUSY && waitS !== undefined) return { outcome: "busy", why: "" }; // the caller polls
  } else {
    return { outcome: "unsupported", why: "neither flock(1) nor a python to take it" };
  }
  if (signalled() || r.status > 128) return { outcome: "interrupted", why: "" };
  if (r.status === 0) return { outcome: "locked", why: "" };
  if (r.status === BUSY) return { outcome: "busy", why: "" };
  return { outcome: "unsupported", why: r.stderr.trim().split("\n").pop() ?? `status ${r.status}` };
}

export interface LockOptions {
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  /** An interpreter whose fcntl.flock takes the lock where there is no flock(1). */
  python?: string;
  /** Said once, when the lock is busy. */
  onWait?: () => void;
  /** Said once, when the file system cannot lock (the work goes on unlocked). */
  onUnsupported?: (why: string) => void;
}

/** Opens a lock file (made if missing, never through a symbolic link) or a folder; anything else ends here, with one line. */
function openLockFile(file: string): number {
  let fd: number;
  try {
    const st = lstatSync(file);
    if (st.isDirectory()) return openSync(file, constants.O_RDONLY | constants.O_DIRECTORY);
  } catch {
    // made below
  }
  try {
    fd = openSync(file, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o644);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot open the lock ${file} (${code === "ELOOP" ? "it is a symbolic link" : code ?? String(e)}): remove it, and pipshim makes it again`, 1);
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new UserError(`the lock ${file} is not a file: remove it, and pipshim makes it again`, 1);
  }
  return fd;
}

/** Whether the descriptor is still the file at that path (a lock file removed and made again since is another). */
function stillThere(fd: number, file: string): boolean {
  try {
    const a = fstatSync(fd);
    const b = lstatSync(file);
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}

/** Takes the lock on `file` (a file, made if missing, or a folder), waiting up to the limit. */
export async function acquireLock(file: string, options: LockOptions): Promise<Lock> {
  const deadline = Date.now() + options.timeoutMs;
  let waited = false;
  for (;;) {
    const fd = openLockFile(file);
    const release = () => {
      try {
        closeSync(fd);
      } catch {
        // closed already
      }
    };
    let a = await tryLock(fd, options.env, options.python);
    while (a.outcome === "busy") {
      if (!waited) {
        waited = true;
        options.onWait?.();
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        release();
        throw new LockTimeout(file);
      }
      a = await tryLock(fd, options.env, options.python, left / 1000);
      if (a.outcome === "busy") await sleep(Math.min(50, Math.max(0, deadline - Date.now())));
    }
    if (a.outcome === "interrupted") {
      // Ctrl-C (or a signal) while waiting: nothing was done; end as the signal says.
      release();
      runCleanups();
      process.exit(128 + signalNumber(signalled() ?? "SIGINT"));
    }
    if (a.outcome === "unsupported") {
      release();
      options.onUnsupported?.(a.why);
      return { release() {} };
    }
    if (stillThere(fd, file)) return { release };
    release(); // removed and made again while this process waited: lock the one there now
  }
}

/** The lock file of an environment (uv's), or of a pipx application (pipx 1.8's). */
export function environmentLockFile(env: string): string {
  return `${env}/.lock`;
}

export function pipxLockFile(pipxHome: string, name: string): string {
  return `${pipxHome}/venvs/.${name}.lock`;
}

/** pipshim's lock on pipx's shared libraries (which any pipx install may make again). */
export function pipxSharedLockFile(pipxHome: string): string {
  return `${pipxHome}/.shared.lock`;
}
