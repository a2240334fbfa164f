// The protocol between bin/pipshim (POSIX sh) and its Node.js side, in one place. Pure.
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
//     venv                  hand-over: exec <venv>/bin/python <venv>/bin/<name> with the call's
//     <venv path>             own arguments (Node.js took the environment's lock for the shell's
//                             pid, which pip keeps; it is free again when pip ends)
//     done                  Node.js carries the call out; its exit status is the call's
//
// An answer that is missing, empty, or not one of these is an error the shell reports (never a
// success), and the shell never runs Node.js a second time for the same call. Nothing of the
// protocol comes from the caller's environment: the answer file, the shell's pid and the real pip
// travel as arguments. A path holding a newline cannot travel in a line: such a plan is carried
// out by Node.js instead (encodeAnswer gives undefined).

export const ANSWER_HEADER = "pipshim-answer/1";

/** The internal command bin/pipshim runs Node.js with; never typed by users (bin/pipshim refuses it). */
export const SHIM_COMMAND = "__shim";

/** The file descriptor the answer is written on. */
export const ANSWER_FD = 3;

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
