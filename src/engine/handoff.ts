// The protocol between bin/pipshim (POSIX sh) and its Node.js side, in one place: the answer's
// text (encodeAnswer, decodeAnswer: pure) and the one writer of it (answerShell, takeAnswerFile,
// answerBeforeExit), which commands/pip.ts and commands/run.ts call.
//
// For `install` and `uninstall`, bin/pipshim runs Node.js ONCE, as a background child it waits
// for (so that SIGTERM/SIGHUP to the shell reach Node.js at once), as
//
//     node dist/pipshim.cjs __shim <answer-file> <shell-pid> <real-pip> <name> ARGS...
//
// with the answer file open for writing on file descriptor 3 (and for reading, separately, in
// the shell). Standard input, output and error are the caller's. Node.js decides, then writes
// exactly one answer on fd 3, closes it, removes the answer file's name, and either ends at once
// (a hand-over: the shell then runs the program itself, and no Node.js process is alive while pip
// runs) or carries the plan out itself and ends with the call's exit status:
//
//     pipshim-answer/1      the first line, always
//     real                  hand-over: exec the real pip with the call's own arguments
//     venv                  hand-over: exec <venv>/bin/python dist/run_pip.py ... <venv>/bin/<name>
//     <venv path>             with the call's own arguments (run_pip.py takes the environment's
//                             lock, flock(2), for pip's whole run, in pip's own process)
//     done                  Node.js carries the call out; its exit status is the call's
//
// An answer that is missing, empty, or not one of these is an error the shell reports (never a
// success), and the shell never runs Node.js a second time for the same call. Nothing of the
// protocol comes from the caller's environment: the answer file, the shell's pid and the real pip
// travel as arguments. A path holding a newline cannot travel in a line: such a plan is carried
// out by Node.js instead (encodeAnswer gives undefined).

import { closeSync, rmSync, writeSync } from "node:fs";
import { makeDir } from "../sys/fs.js";
import { onAbort } from "../sys/run.js";
import { pipshimPaths } from "../sys/xdg.js";

export const ANSWER_HEADER = "pipshim-answer/1";

/** The internal command bin/pipshim runs Node.js with; never typed by users (bin/pipshim refuses it). */
export const SHIM_COMMAND = "__shim";

/** The file descriptor the answer is written on. */
const ANSWER_FD = 3;

export type Answer = { kind: "real" } | { kind: "venv"; venv: string } | { kind: "done" };

/** The answer's text, or undefined when it cannot be written as lines (a path with a newline). */
export function encodeAnswer(answer: Answer): string | undefined {
  const lines = [ANSWER_HEADER, answer.kind];
  if (answer.kind === "venv") lines.push(answer.venv);
  if (lines.some((l) => l.includes("\n") || l.includes("\0"))) return undefined;
  return lines.join("\n") + "\n";
}

/** Reads an answer as bin/pipshim does; undefined for anything that is not one. */
export function decodeAnswer(text: string): Answer | undefined {
  if (!text.endsWith("\n")) return undefined;
  const [header, kind, ...rest] = text.slice(0, -1).split("\n");
  if (header !== ANSWER_HEADER) return undefined;
  if (kind === "real" && rest.length === 0) return { kind };
  if (kind === "done" && rest.length === 0) return { kind };
  if (kind === "venv" && rest.length === 1 && rest[0] !== "") return { kind, venv: rest[0] };
  return undefined;
}

/** Where bin/pipshim puts the answer file: `<pipshim's cache>/run`, private to the user. */
function makeAnswerFolder(): void {
  try {
    makeDir(`${pipshimPaths().cache}/run`, 0o700);
  } catch {
    // Then every call runs as this one did: correct, a little slower.
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

/** Whether a shell waits for this process's answer (bin/pipshim named an answer file). */
export function shellWaits(): boolean {
  return answerFile !== undefined;
}
