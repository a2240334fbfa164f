// The shims that depend on what is installed: python, and pip3.X / python3.X for every X that a
// real program on PATH has. One mechanism, run by `npm run build`, `pipshim init`, `setup` and
// `doctor`: each is a copy of shims/pip (the shim finds its name in $0), made when a real program
// of that name is on PATH and removed when none is, so that `command -v python3.12` never finds
// a shim with nothing behind it. pip, pip3 and python3 are always there (shims/ in the repository).

import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isPipshimShim } from "../facts/real-program.js";
import { isExecutableFile } from "../sys/path.js";

const FIXED = new Set(["pip", "pip3", "python3"]);
const MADE = /^(python|(pip|python)3\.[0-9]+)$/;

/** The names a real program on PATH goes by, of those this mechanism makes shims for. */
export function versionedNames(PATH: string): Set<string> {
  const names = new Set<string>();
  for (const dir of PATH.split(":").filter(Boolean)) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const e of entries) {
      if (!MADE.test(e) || names.has(e)) continue;
      const p = join(dir, e);
      if (!isPipshimShim(p) && isExecutableFile(p)) names.add(e);
    }
  }
  return names;
}

export interface ShimSync {
  added: string[];
  removed: string[];
}

/** Brings the made shims in `shimsDir` in line with PATH. Throws when the folder cannot be written. */
export function syncShims(shimsDir: string, PATH: string): ShimSync {
  const wanted = versionedNames(PATH);
  const text = readFileSync(join(shimsDir, "pip"), "utf8");
  const have = readdirSync(shimsDir).filter((e) => MADE.test(e) && !FIXED.has(e));
  const result: ShimSync = { added: [], removed: [] };
  for (const name of have) {
    if (wanted.has(name)) continue;
    rmSync(join(shimsDir, name), { force: true });
    result.removed.push(name);
  }
  for (const name of wanted) {
    const path = join(shimsDir, name);
    try {
      if (statSync(path).isFile() && readFileSync(path, "utf8") === text) continue;
    } catch {
      // missing
    }
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, text, { mode: 0o755 });
    renameSync(tmp, path);
    result.added.push(name);
  }
  return result;
}
