// Runs the programs a plan names (pip, pipx, venv creation), arguments as an array and never
// through a shell, and relays what a shim must relay: the exit status, 128+n for a child killed
// by signal n, SIGTERM/SIGHUP/SIGQUIT passed on to the child. SIGINT is not passed on: a Ctrl-C
// reaches the child from the terminal too, and the child decides (pip exits 1); pipshim waits.
// With no child running, a signal ends pipshim (128+n) after its clean-ups (locks, half-made venvs).

import { spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:os";
import { say } from "./output.js";

const RELAYED = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const;

let current: ChildProcess | undefined;
const cleanups = new Set<() => void>();
let installed = false;

export function signalNumber(signal: string): number {
  return (constants.signals as Record<string, number>)[signal] ?? 0;
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

export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const sig of RELAYED) {
    process.on(sig, () => {
      const child = current;
      if (child && child.exitCode === null && child.signalCode === null) {
        if (sig !== "SIGINT") child.kill(sig);
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

export interface ChildResult {
  status: number;
  /** Captured output, when asked for. */
  stdout: string;
  stderr: string;
}

/**
 * Runs `file` with stdio inherited (or stdout/stderr captured), relaying signals, and gives its
 * exit status. A program that cannot be started gives 127 (not found) or 126, with a message.
 */
export function runChild(
  file: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; capture?: boolean },
): Promise<ChildResult> {
  installSignalHandlers();
  return new Promise((resolvePromise) => {
    let stdout = "";
    let stderr = "";
    const child = spawn(file, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: options.capture ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    current = child;
    child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    let settled = false;
    const finish = (status: number) => {
      if (settled) return;
      settled = true;
      if (current === child) current = undefined;
      resolvePromise({ status, stdout, stderr });
    };
    child.on("error", (e: NodeJS.ErrnoException) => {
      say(`cannot run ${file}: ${e.code === "ENOENT" ? "no such file" : e.message}`);
      finish(e.code === "ENOENT" ? 127 : 126);
    });
    child.on("close", (code, signal) => finish(code ?? 128 + signalNumber(signal ?? "")));
  });
}
