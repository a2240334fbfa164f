// Runs a helper program and captures its output (probes, pip wheel, git): never through a shell,
// never throwing for a failed program. execa is loaded on first use only, off the hot path; its
// clean-up kills these helpers if a signal ends pipshim (src/act/run.ts), so none is left behind.

import { signalNumber } from "./run.js";

export interface Captured {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runCaptured(
  file: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number },
): Promise<Captured> {
  const { execa } = await import("execa");
  const r = await execa(file, args, {
    env: options.env,
    extendEnv: false,
    cwd: options.cwd,
    reject: false,
    stdin: "ignore",
    stripFinalNewline: false,
    timeout: options.timeoutMs,
  });
  const exitCode = r.exitCode ?? (r.signal ? 128 + signalNumber(r.signal) : 1);
  return { exitCode, stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? r.message ?? "") };
}
