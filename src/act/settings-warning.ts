// A broken settings file never breaks pip: the pip path uses the defaults and says so once per
// broken version of the file (not on every call), until it is fixed or reset.

import { fileKey } from "../sys/file-key.js";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PipshimPaths } from "../sys/xdg.js";
import { SETTINGS_FILE } from "../core/settings.js";
import { say } from "../sys/output.js";

export function warnOnce(problem: string, paths: PipshimPaths): void {
  let content = "";
  try {
    content = readFileSync(join(paths.config, SETTINGS_FILE), "utf8");
  } catch {
    content = problem;
  }
  const id = fileKey(content);
  const marker = join(paths.cache, "settings-warned");
  try {
    if (readFileSync(marker, "utf8") === id) return;
  } catch {
    // not warned yet
  }
  say(`${problem}; using the default settings (see: pipshim config)`);
  try {
    mkdirSync(paths.cache, { recursive: true });
    writeFileSync(marker, id);
  } catch {
    // then it warns again next time
  }
}
