// `pipshim pip ARGS` when Node.js is run on its own, and `__shim`, the one Node.js run bin/pipshim
// makes for an install or uninstall (src/engine/handoff.ts describes the protocol).

import { closeSync, rmSync, writeSync } from "node:fs";
import { carryOut, childBaseEnv, currentFolder, handoff, planCall } from "../engine/engine.js";
import { shimEnvironment } from "../engine/place.js";
import { isPipName } from "../core/names.js";
import { isPythonName, pipArgsOfPython } from "../core/python-argv.js";
import { ANSWER_FD, encodeAnswer, type Answer } from "../engine/handoff.js";
import { installSignalHandlers, onAbort, signalled, signalNumber } from "../sys/run.js";
import { UserError } from "../sys/output.js";
import { makeDir } from "../sys/fs.js";
import { pipshimPaths } from "../sys/xdg.js";

/** Where bin/pipshim puts the answer file: `<pipshim's cache>/run`, private to the user. */
function makeAnswerFolder(): void {
  try {
    makeDir(`${pipshimPaths().cache}/run`, 0o700);
  } catch {
    // Then every call runs as this one did: correct, a little slower.
  }
}

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

let answered = false;
let answerFile: string | undefined;

/**
 * Writes the one answer on fd 3, closes it (so no program pipshim starts inherits it), and
 * removes the answer file's name. Also called on the way out of a failure: the shell then gets
 * "done", and pipshim's own message and exit status are the call's.
 */
export function answerShell(answer: Answer): void {
  if (answered || answerFile === undefined) return;
  answered = true;
  const text = encodeAnswer(answer) ?? encodeAnswer({ kind: "done" })!;
  try {
    writeSync(ANSWER_FD, text);
    closeSync(ANSWER_FD);
  } catch {
    // The shell reads no answer, and says so.
  }
  rmSync(answerFile, { force: true });
}

/**
 * The answer file bin/pipshim named ("-": none, this process took the shell's place; the folder
 * for it is made then, so that the next call can hand over). A failure before an answer gives
 * "done" (see main.ts: the clean-ups run first).
 */
export function takeAnswerFile(file: string): void {
  if (file === "-") makeAnswerFolder();
  else answerFile = file;
  onAbort(() => answerShell({ kind: "done" }));
}

/**
 * On the way out of a failure that came before the answer file was taken (the shell named it as
 * the first argument of __shim and __run): "done", so that pipshim's own line and status are the
 * call's, with no second line from the shell.
 */
export function answerBeforeExit(argv: string[]): void {
  const [command, file] = argv;
  if (answered || answerFile !== undefined || (command !== "__shim" && command !== "__run")) return;
  if (!file || file === "-" || !file.includes("/answer.")) return;
  answerFile = file;
  answerShell({ kind: "done" });
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
    planned = await planCall({ name, args, realPip, shimsDir, purpose: "run", shellPid: answerFile === undefined ? undefined : shellPid });
    // A signal while a helper ran (a Ctrl-C reaches the whole job): nothing is done.
    const sig = signalled();
    if (sig) {
      if (planned.wheelDir) rmSync(planned.wheelDir, { recursive: true, force: true });
      return 128 + signalNumber(sig);
    }
    // A hand-over needs a shell waiting for the answer (and no downloads to clean up after).
    const offered = answerFile === undefined || planned.wheelDir ? undefined : await handoff(planned);
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
