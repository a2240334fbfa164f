// `pipshim pip ARGS` when Node.js is run on its own, and `__shim`, the one Node.js run bin/pipshim
// makes for an install or uninstall (src/engine/handoff.ts describes the protocol).

import { rmSync } from "node:fs";
import { carryOut, childBaseEnv, currentFolder, handoff, planCall } from "../engine/engine.js";
import { shimEnvironment } from "../engine/place.js";
import { isPipName } from "../core/names.js";
import { isPythonName, pipArgsOfPython } from "../core/python-argv.js";
import { answerShell, shellWaits, takeAnswerFile } from "../engine/handoff.js";
import { installSignalHandlers, signalled, signalNumber } from "../sys/run.js";
import { UserError } from "../sys/output.js";

/** `pipshim pip|pip3 ARGS` run by Node.js directly (no shell entry point): decide and carry out. */
export async function pipCommand(name: string, args: string[], shimsDir: string): Promise<number> {
  installSignalHandlers();
  const planned = await planCall({ name, args, shimsDir, purpose: "run" });
  try {
    return await carryOut(planned);
  } finally {
    if (planned.wheelDir) rmSync(planned.wheelDir, { recursive: true, force: true });
  }
}

/** Whether a call can be an install or uninstall (bin/pipshim asks about other calls only when its records were in doubt). */
function mayRoute(name: string, args: string[]): boolean {
  const pipArgs = isPipName(name) ? args : isPythonName(name) ? pipArgsOfPython(args) : undefined;
  return pipArgs !== undefined && (pipArgs.includes("install") || pipArgs.includes("uninstall"));
}

/** `__shim <answer-file> <shell-pid> <real-pip> <name> ARGS...`: run by bin/pipshim only. */
export async function shimCommand(argv: string[], shimsDir: string): Promise<number> {
  installSignalHandlers();
  const [file, pidText, realPip, name, ...args] = argv;
  const shellPid = Number(pidText);
  if (!file || !realPip || !name || !Number.isInteger(shellPid) || shellPid <= 0) {
    throw new UserError("__shim is bin/pipshim's own command (run pip, or pipshim pip, instead)", 2);
  }
  takeAnswerFile(file);
  if (!mayRoute(name, args)) {
    // The shell's records were in doubt about this place: look, record, and say which environment.
    const venv = await shimEnvironment(name, realPip === "-" ? undefined : realPip, { cwd: currentFolder(), env: childBaseEnv(), shimsDir });
    answerShell(venv ? { kind: "venv", venv } : { kind: "real" });
    return 0;
  }
  let planned;
  try {
    planned = await planCall({ name, args, realPip, shimsDir, purpose: "run", shellPid: shellWaits() ? shellPid : undefined });
    // A signal while a helper ran (a Ctrl-C reaches the whole job): nothing is done.
    const sig = signalled();
    if (sig) {
      if (planned.wheelDir) rmSync(planned.wheelDir, { recursive: true, force: true });
      return 128 + signalNumber(sig);
    }
    // A hand-over needs a shell waiting for the answer (and no downloads to clean up after).
    const offered = !shellWaits() || planned.wheelDir ? undefined : await handoff(planned);
    if (offered) {
      answerShell(offered);
      return 0;
    }
  } finally {
    answerShell({ kind: "done" });
  }
  try {
    return await carryOut(planned);
  } finally {
    if (planned.wheelDir) rmSync(planned.wheelDir, { recursive: true, force: true });
  }
}
