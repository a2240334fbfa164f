// Runs a helper program whose output pipshim reads (the interpreter probe, the wheel inspection,
// `pipx --version`) with execa: never through a shell, never throwing for a failed program, always
// with a time limit. execa is loaded on first use only (import()), off the install path's module
// graph: loading it costs far more than these programs' own start-up (README, "Performance"), so
// helpers on the way to every install use the runner's capture mode instead (src/sys/run.ts).
// execa's clean-up kills these helpers if a signal ends pipshim, so none is left behind.

import { signalNumber } from "./run.js";

export interface Captured {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runCaptured(
  file: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number },
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
  const stderr = r.timedOut ? `${file} did not answer within ${Math.round(options.timeoutMs / 1000)} s\n` : String(r.stderr ?? r.message ?? "");
  return { exitCode, stdout: String(r.stdout ?? ""), stderr };
}
