// Running a program in a test and collecting what it did; where the repository is.

import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { syncShims } from "../../src/act/shims.js";

/** The repository's root (tests run from build/test/...). */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
/** The install's shim templates (shims/pip, shims/python): what `pipshim shims` copies. */
export const TEMPLATES = join(REPO, "shims");
export const PIPSHIM_BIN = join(REPO, "bin", "pipshim");

/** A folder of pipshim's shims for this checkout, as `pipshim shims` makes them (for a PATH without them). */
export function makeShims(shimsDir: string, PATH: string, places: string[] = []): string {
  syncShims({ install: { root: REPO, bin: PIPSHIM_BIN, templates: TEMPLATES, shimsDir }, PATH, places });
  return shimsDir;
}

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  /** Standard input read from this file instead (fish, for one, will not read commands from a socket). */
  stdinFile?: string;
  timeoutMs?: number;
}

export function runProcess(file: string, args: string[], env: NodeJS.ProcessEnv, options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const stdin = options.stdinFile === undefined ? "pipe" : openSync(options.stdinFile, "r");
    const child = spawn(file, args, { cwd: options.cwd, env, stdio: [stdin, "pipe", "pipe"] });
    if (typeof stdin === "number") closeSync(stdin);
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${file} ${args.join(" ")} took over ${options.timeoutMs ?? 120000} ms\n${stderr}`));
    }, options.timeoutMs ?? 120000);
    child.on("error", reject);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolvePromise({ status, signal, stdout, stderr });
    });
    child.stdin?.on("error", () => {}); // a program that exits without reading its input
    child.stdin?.end(options.input ?? "");
  });
}

