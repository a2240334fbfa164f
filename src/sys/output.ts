// pipshim's voice: one line at a time on stderr, prefixed `pipshim:`. stdout belongs to pip.

import { writeSync } from "node:fs";

export function say(line: string): void {
  writeStderr(`pipshim: ${line}\n`);
}

export function writeStderr(text: string): void {
  try {
    writeSync(2, text);
  } catch {
    // stderr closed: nothing to tell anyone.
  }
}

/** An error the user can act on: one line, and the exit status to end with. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
