// Writes a file so that readers see the old text or the new one, never half of it: a temporary
// file in the same folder, then rename(2). Folders are made as needed.

import { mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/**
 * Makes a folder and its parents, with a bounded number of steps: Node.js's recursive mkdirSync
 * spins forever where mkdir says ENOENT under a parent that exists (/proc). Throws the error of
 * the step that failed.
 */
export function makeDir(path: string, mode = 0o777): void {
  const missing: string[] = [];
  for (let p = path; missing.length < 256; p = dirname(p)) {
    try {
      if (statSync(p).isDirectory()) break;
      throw Object.assign(new Error(`${p} is not a folder`), { code: "ENOTDIR" });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      missing.push(p);
      if (dirname(p) === p) break;
    }
  }
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p, { mode });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}
