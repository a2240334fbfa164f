// A broken settings file never breaks pip: the pip path uses the defaults and says so once per
// broken version of the file (not on every call), until it is fixed or reset.

import { join } from "node:path";
import { fileKey } from "../sys/file-key.js";
import { readRegularFile, writeFileAtomic } from "../sys/fs.js";
import { say } from "../sys/output.js";
import { settingsFile, type PipshimPaths } from "../sys/xdg.js";

export function warnOnce(problem: string, paths: PipshimPaths): void {
  const content = readRegularFile(settingsFile(paths), 1024 * 1024);
  const id = fileKey(content.ok ? content.text : problem);
  const marker = join(paths.cache, "settings-warned");
  const warned = readRegularFile(marker, 64);
  if (warned.ok && warned.text === id) return;
  say(`${problem}; using the default settings (see: pipshim config)`);
  try {
    writeFileAtomic(marker, id);
  } catch {
    // then it warns again next time
  }
}
