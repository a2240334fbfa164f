// The runner: starts pipshim's children (pip, pipx, venv creation, and helpers whose output pipshim
// reads on the way to every install), arguments as an array and never through a shell (cross-spawn),
// and relays what a shim must relay: the exit status, 128+n for a child killed by signal n,
// SIGTERM/SIGHUP/SIGQUIT passed on to the child and then to whatever the child left running (pipx's
// pip must not outlive pipx). SIGINT is not passed on: a Ctrl-C reaches the child from the terminal
// too, and the child decides (pip exits 1); pipshim waits. With no child running, a signal ends
// pipshim (128+n) after its clean-ups (locks, half-made venvs). A signal that arrived is remembered
// (signalled()), so that the caller starts no further step.

import type { ChildProcess } from "node:child_process";
import { constants } from "node:os";
import { say } from "./output.js";
import { descendantsOf, stillRunning } from "./proc.js";

const RELAYED = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const;
type Relayed = (typeof RELAYED)[number];

const children = new Set<ChildProcess>();
const cleanups = new Set<() => void>();
let installed = false;
let received: Relayed | undefined;

export function signalNumber(signal: string): number {
  return (constants.signals as Record<string, number>)[signal] ?? 0;
}

/** The first signal pipshim received (SIGINT, SIGTERM, SIGHUP, SIGQUIT) while a child ran; undefined if none. */
export function signalled(): string | undefined {
  return received;
}

/** Runs the registered clean-ups now (pipshim is ending abnormally). */
export function runCleanups(): void {
  for (const c of [...cleanups].reverse()) {
    try {
      c();
    } catch {
      // best effort: the process is ending
    }
  }
  cleanups.clear();
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/**
 * Passes a signal on to a child; once the child has ended, to its descendants of the moment the
 * signal came that are still running (a program killed by SIGTERM leaves its own children behind,
 * reparented where pipshim could no longer find them: so they are noted now).
 */
function passOn(child: ChildProcess, sig: Relayed): void {
  const pid = child.pid;
  const left = pid === undefined ? [] : descendantsOf(pid);
  child.once("exit", () => {
    for (const p of left) {
      if (!stillRunning(p)) continue;
      try {
        process.kill(p.pid, sig);
      } catch {
        // gone meanwhile
      }
    }
  });
  child.kill(sig);
}

export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const sig of RELAYED) {
    process.on(sig, () => {
      const live = [...children].filter(running);
      if (live.length > 0) {
        received ??= sig;
        if (sig !== "SIGINT") for (const child of live) passOn(child, sig);
        return;
      }
      runCleanups();
      process.exit(128 + signalNumber(sig));
    });
  }
}

/** Registers a clean-up to run if a signal ends pipshim; returns its removal. */
export function onAbort(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * Capture stdout and stderr (stdin closed) instead of sharing pipshim's terminal: for a
   * program whose output pipshim reads or summarises.
   */
  capture?: boolean;
  /** Capture mode: end the program (SIGTERM, then SIGKILL 2 s later) after this long. */
  timeoutMs?: number;
  /** A descriptor of this process the program gets as its fd 3 (a lock's: src/act/lock.ts). */
  fd3?: number;
}

export interface ChildResult {
  status: number;
  /** Captured output (capture mode). */
  stdout: string;
  stderr: string;
  /** It ran longer than timeoutMs and was ended. */
  timedOut: boolean;
}

/**
 * Runs `file` with stdio inherited (or stdout/stderr captured), relaying signals, and gives its
 * exit status. A program that cannot be started gives 127 (not found) or 126, with a message.
 */
/** Linux's limit on one argument (MAX_ARG_STRLEN: 32 pages). */
const MAX_ARG = 128 * 1024;

/** The one line for a program that could not be started at all. */
function cannotStart(file: string, args: string[], e: NodeJS.ErrnoException): string {
  if (e.code !== "E2BIG") return `cannot run ${file}: ${e.message}`;
  const long = args.find((a) => Buffer.byteLength(a) >= MAX_ARG);
  const size = args.reduce((n, a) => n + Buffer.byteLength(a) + 1, 0);
  const what = long
    ? `one of its arguments is ${Math.round(Buffer.byteLength(long) / 1024)} KiB, over the system's limit of 128 KiB for one argument`
    : `its ${args.length} arguments (${Math.round(size / 1024)} KiB) and the environment are over the system's limit`;
  return `cannot run ${file}: ${what} (E2BIG); pass fewer arguments, or put options in a requirements file or PIP_* variables`;
}

export async function runChild(file: string, args: string[], options: RunOptions): Promise<ChildResult> {
  installSignalHandlers();
  // Loaded when a program is first started: the hand-over path starts none (README, "Performance").
  const { default: spawn } = await import("cross-spawn");
  return new Promise((resolvePromise) => {
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let child: ChildProcess;
    try {
      child = spawn(file, args, {
        env: options.env,
        cwd: options.cwd,
        stdio: [...(options.capture ? (["ignore", "pipe", "pipe"] as const) : (["inherit", "inherit", "inherit"] as const)), ...(options.fd3 === undefined ? [] : [options.fd3])],
      });
    } catch (e) {
      // Node.js refuses some calls before any process starts: E2BIG (arguments and environment
      // over the system's limit, or one argument over 128 KiB on Linux) above all.
      const why = cannotStart(file, args, e as NodeJS.ErrnoException);
      if (!options.capture) say(why);
      resolvePromise({ status: 126, stdout: "", stderr: `${why}\n`, timedOut: false });
      return;
    }
    children.add(child);
    child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timers: NodeJS.Timeout[] = [];
    if (options.capture && options.timeoutMs !== undefined) {
      timers.push(
        setTimeout(() => {
          timedOut = true;
          child.kill("SIGTERM");
          timers.push(setTimeout(() => child.kill("SIGKILL"), 2000));
        }, options.timeoutMs),
      );
    }
    let settled = false;
    const finish = (status: number) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      children.delete(child);
      resolvePromise({ status, stdout, stderr, timedOut });
    };
    child.on("error", (e: NodeJS.ErrnoException) => {
      if (!options.capture) say(`cannot run ${file}: ${e.code === "ENOENT" ? "no such file" : e.message}`);
      else stderr += `cannot run ${file}: ${e.message}\n`;
      finish(e.code === "ENOENT" ? 127 : 126);
    });
    const statusOf = (code: number | null, signal: NodeJS.Signals | null) => code ?? 128 + signalNumber(signal ?? "");
    child.on("exit", (code, signal) => {
      children.delete(child);
      // A descendant that outlives the child may hold the output pipes open: do not wait for it long.
      if (!options.capture) return;
      const grace = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(statusOf(code, signal));
      }, 1000);
      timers.push(grace);
    });
    child.on("close", (code, signal) => finish(statusOf(code, signal)));
  });
}
