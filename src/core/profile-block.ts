// The pipshim block in a shell start-up file, as text: building it, finding it, putting it in and
// taking it out again. No I/O: a file is its text, or null when it does not exist.
//
// A block is four lines (five when it puts pipx's bin folder on PATH too, before the eval line):
//
//   # >>> pipshim >>> added=blank-line
//   # pip and pip3 through pipshim: written by `pipshim setup`, removed by `pipshim teardown`
//   if [ -x '/opt/pipshim/bin/pipshim' ]; then eval "$('/opt/pipshim/bin/pipshim' init bash)"; fi
//   # <<< pipshim <<<
//
// The start line records what setup added besides the block (a blank line before it, a newline
// the file's last line lacked, the file itself), so that teardown takes exactly that away and
// gives the file back as it was, byte for byte, without guessing.

import { quoteFor, type Shell } from "./shell-code.js";

/** The code a block carries: in a bash login file, a version that other sh's reading it skip. */
export type BlockKind = Shell | "bash-login";

const START_MARKER = "# >>> pipshim >>>";
const END_MARKER = "# <<< pipshim <<<";
const COMMENT = "# pip and pip3 through pipshim: written by `pipshim setup`, removed by `pipshim teardown`";

/** What setup added to the file besides the block itself. */
export interface Additions {
  /** The file did not exist: setup made it. */
  file: boolean;
  /** The file's last line had no newline: setup ended it. */
  newline: boolean;
  /** An empty line between the file's text and the block. */
  blankLine: boolean;
}

export const NO_ADDITIONS: Readonly<Additions> = Object.freeze({ file: false, newline: false, blankLine: false });

/** The words of the start line's `added=` list, one per kind of addition. */
const ADDITION_WORDS: [keyof Additions, string][] = [
  ["file", "file"],
  ["newline", "newline"],
  ["blankLine", "blank-line"],
];

/** The line that turns pipshim on in a running shell: what `pipshim init SHELL` asks to be run with. */
export function activationCommand(shell: Shell, bin: string): string {
  const command = `${quoteFor(shell, bin)} init ${shell}`;
  return shell === "fish" ? `${command} | source` : `eval "$(${command})"`;
}

/**
 * The block's code: the activation, skipped when pipshim is no longer there (so that removing
 * pipshim without a teardown does not make every new shell complain).
 */
export function blockCode(kind: BlockKind, bin: string): string {
  if (kind === "fish") return `if test -x ${quoteFor("fish", bin)}; ${activationCommand("fish", bin)}; end`;
  const shell = kind === "bash-login" ? "bash" : kind;
  // A login file (~/.profile above all) is read by sh, dash and ksh too, which cannot run bash's hook.
  const onlyBash = kind === "bash-login" ? `[ -n "\${BASH_VERSION-}" ] && ` : "";
  return `if ${onlyBash}[ -x ${quoteFor(shell, bin)} ]; then ${activationCommand(shell, bin)}; fi`;
}

/**
 * The line that puts a folder (pipx's bin folder) at the end of PATH when it is not on it, as
 * `pipx ensurepath` would: POSIX in every sh-like file (a login file is read by sh too), fish's own
 * in fish.
 */
export function pathCode(kind: BlockKind, dir: string): string {
  if (kind === "fish") return `contains -- ${quoteFor("fish", dir)} $PATH; or set -gx PATH $PATH ${quoteFor("fish", dir)}`;
  const q = quoteFor("bash", dir);
  return `case ":$PATH:" in *:${q}:*) ;; *) export PATH="$PATH":${q} ;; esac`;
}

function startLine(additions: Additions): string {
  const words = ADDITION_WORDS.filter(([key]) => additions[key]).map(([, word]) => word);
  return words.length ? `${START_MARKER} added=${words.join(",")}` : START_MARKER;
}

/** The whole block, ending with a newline; with `pathDir`, the line that puts that folder on PATH too. */
export function blockText(kind: BlockKind, bin: string, additions: Additions, pathDir?: string): string {
  const code = pathDir === undefined ? [blockCode(kind, bin)] : [pathCode(kind, pathDir), blockCode(kind, bin)];
  return [startLine(additions), COMMENT, ...code, END_MARKER, ""].join("\n");
}

function parseAdditions(rest: string): Additions {
  const listed = /(?:^|\s)added=(\S*)/.exec(rest)?.[1]?.split(",") ?? [];
  const additions = { ...NO_ADDITIONS };
  for (const [key, word] of ADDITION_WORDS) additions[key] = listed.includes(word);
  return additions;
}

interface Line {
  /** 1-based, for messages. */
  number: number;
  /** Without its newline. */
  text: string;
  /** Offsets in the file: where it starts, and where the next line starts. */
  start: number;
  end: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline + 1;
    lines.push({ number: lines.length + 1, text: text.slice(start, newline === -1 ? end : newline), start, end });
    start = end;
  }
  return lines;
}

/** Spaces (or a CR) after a marker are not worth refusing the file over. */
function isStartLine(line: string): boolean {
  return line.trimEnd() === START_MARKER || line.startsWith(`${START_MARKER} `);
}

function isEndLine(line: string): boolean {
  return line.trimEnd() === END_MARKER;
}

export interface Block {
  /** Offsets of the block's text: from its start line to the end of its end line. */
  start: number;
  end: number;
  /** Line numbers of its start and end lines. */
  firstLine: number;
  lastLine: number;
  additions: Additions;
}

export type BlockSearch = { kind: "none" } | ({ kind: "block" } & Block) | { kind: "broken"; problem: string };

/** The file's one pipshim block, or none, or why its marker lines make no block. */
export function findBlock(text: string): BlockSearch {
  const blocks: Block[] = [];
  let open: Line | undefined;
  for (const line of splitLines(text)) {
    if (isStartLine(line.text)) {
      if (open) return { kind: "broken", problem: startWithoutEnd(open) };
      open = line;
    } else if (isEndLine(line.text)) {
      if (!open) return { kind: "broken", problem: `a "${END_MARKER}" line (line ${line.number}) has no "${START_MARKER}" line before it` };
      const additions = parseAdditions(open.text.slice(START_MARKER.length));
      blocks.push({ start: open.start, end: line.end, firstLine: open.number, lastLine: line.number, additions });
      open = undefined;
    }
  }
  if (open) return { kind: "broken", problem: startWithoutEnd(open) };
  if (blocks.length > 1) return { kind: "broken", problem: `it has ${blocks.length} pipshim blocks (from lines ${blocks.map((b) => b.firstLine).join(", ")})` };
  return blocks.length ? { kind: "block", ...blocks[0] } : { kind: "none" };
}

function startWithoutEnd(start: Line): string {
  return `a "${START_MARKER}" line (line ${start.number}) has no "${END_MARKER}" line after it`;
}

/** A file's text after an edit (null: the file is to be removed), or why it cannot be edited. */
export type Edit = { ok: true; after: string | null } | { ok: false; problem: string };

/** Whether text ends with an empty line (or is one): a block appended there needs no blank line before it. */
function endsWithBlankLine(text: string): boolean {
  return /(^|\n)\n$/.test(text);
}

/** What appending a block to a file needs besides the block, so that it reads well. */
function additionsToAppend(before: string | null): Additions {
  if (before === null) return { ...NO_ADDITIONS, file: true };
  if (before === "" || endsWithBlankLine(before)) return NO_ADDITIONS;
  return { ...NO_ADDITIONS, newline: !before.endsWith("\n"), blankLine: true };
}

/**
 * The file with the block in it: appended at the end, or, when the file has one already, put in
 * its place (keeping what its start line records: that is still what setup added).
 */
export function addBlock(before: string | null, kind: BlockKind, bin: string, pathDir?: string): Edit {
  const text = before ?? "";
  const found = findBlock(text);
  if (found.kind === "broken") return { ok: false, problem: found.problem };
  if (found.kind === "block") return { ok: true, after: text.slice(0, found.start) + blockText(kind, bin, found.additions, pathDir) + text.slice(found.end) };
  const additions = additionsToAppend(before);
  const padding = (additions.newline ? "\n" : "") + (additions.blankLine ? "\n" : "");
  return { ok: true, after: text + padding + blockText(kind, bin, additions, pathDir) };
}

/** Whether the file's pipshim block puts `dir` on PATH already (a setup run since keeps that line). */
export function blockHasPath(text: string | null, kind: BlockKind, dir: string): boolean {
  const found = findBlock(text ?? "");
  return found.kind === "block" && (text ?? "").slice(found.start, found.end).includes(pathCode(kind, dir));
}

/**
 * The file without its block, and without what setup added with it: the blank line before it
 * (if it is still there), the newline it gave the last line (if the block is still at the end:
 * elsewhere that newline now ends a line that goes on), the file (if nothing else is left in it).
 * A file without a block is returned as it is.
 */
export function removeBlock(before: string | null): Edit {
  if (before === null) return { ok: true, after: null };
  const found = findBlock(before);
  if (found.kind === "broken") return { ok: false, problem: found.problem };
  if (found.kind === "none") return { ok: true, after: before };
  let head = before.slice(0, found.start);
  const tail = before.slice(found.end);
  if (found.additions.blankLine && endsWithBlankLine(head)) head = head.slice(0, -1);
  if (found.additions.newline && tail === "" && head.endsWith("\n")) head = head.slice(0, -1);
  const after = head + tail;
  return { ok: true, after: found.additions.file && after === "" ? null : after };
}

/**
 * Whether a bash login file reads ~/.bashrc (so the block there covers login shells too): any
 * line that is not a comment and names it, outside pipshim's own block.
 */
export function readsBashrc(text: string): boolean {
  const found = findBlock(text);
  const outside = found.kind === "block" ? text.slice(0, found.start) + text.slice(found.end) : text;
  return outside.split("\n").some((line) => !line.trimStart().startsWith("#") && line.includes(".bashrc"));
}
