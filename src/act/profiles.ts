// Writes the shell start-up files `pipshim setup` and `teardown` change (src/facts/profiles.ts
// finds and reads them): a whole new file moved into place, with the old file's mode and owner.

import { unlinkSync } from "node:fs";
import { fsFailure, writeFileAtomic } from "../sys/fs.js";

/**
 * Writes a profile as a whole new file moved into place (a shell starting meanwhile reads the old
 * file or the new one, never half of one), with the old file's mode and owner; null removes it.
 */
export function writeProfile(path: string, text: string | null): void {
  if (text === null) {
    try {
      unlinkSync(path);
    } catch (e) {
      throw fsFailure(e, "remove", path);
    }
    return;
  }
  writeFileAtomic(path, text, { fsync: true });
}
