// The shims that depend on what is installed: python, and pip3.X / python3.X for every X that a
// real program on PATH has. One mechanism, run by `npm run build`, `pipshim init`, `setup` and
// `doctor`: each is a copy of shims/pip or shims/python3 (the shim finds its name in $0), made
// when a real program of that name is on PATH and removed when none is, so that `command -v
// python3.12` never finds a shim with nothing behind it. pip, pip3 and python3 are always there
// (shims/ in the repository).
// The pip shims run under `/bin/bash -p`, which hands pip every variable of the caller's whatever
// its name (dash drops names a shell cannot hold; -p: no BASH_ENV, no imported functions run);
// the python shims under /bin/sh, the fastest start. On a system without /bin/bash the pip shims
// are given /bin/sh too.

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
const BASH = "#!/bin/bash -p\n";
const SH = "#!/bin/sh\n";

/** A pip shim's text for this system: under bash -p, or /bin/sh where there is no /bin/bash (and back again once there is). */
function forThisSystem(text: string, hasBash: boolean): string {
  const body = text.startsWith(BASH) ? text.slice(BASH.length) : text.startsWith(SH) ? text.slice(SH.length) : undefined;
  return body === undefined ? text : (hasBash ? BASH : SH) + body;
}

/** Writes a shim's text unless it holds it already; true when written. */
function writeShim(path: string, text: string): boolean {
  try {
    if (statSync(path).isFile() && readFileSync(path, "utf8") === text) return false;
  } catch {
    // missing
  }
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o755 });
  renameSync(tmp, path);
  return true;
}

export function syncShims(shimsDir: string, PATH: string, hasBash = isExecutableFile("/bin/bash")): ShimSync {
  const wanted = versionedNames(PATH);
  const pipText = forThisSystem(readFileSync(join(shimsDir, "pip"), "utf8"), hasBash);
  const pythonText = readFileSync(join(shimsDir, "python3"), "utf8");
  for (const fixed of ["pip", "pip3"]) writeShim(join(shimsDir, fixed), forThisSystem(readFileSync(join(shimsDir, fixed), "utf8"), hasBash));
  // bin/pipshim itself (run as a program by `pipshim pip ...`), when it is where the shims expect it.
  const entry = join(shimsDir, "..", "bin", "pipshim");
  try {
    writeShim(entry, forThisSystem(readFileSync(entry, "utf8"), hasBash));
  } catch {
    // not there, or not ours to write: the shims still work
  }
  const have = readdirSync(shimsDir).filter((e) => MADE.test(e) && !FIXED.has(e));
  const result: ShimSync = { added: [], removed: [] };
  for (const name of have) {
    if (wanted.has(name)) continue;
    rmSync(join(shimsDir, name), { force: true });
    result.removed.push(name);
  }
  for (const name of wanted) {
    if (writeShim(join(shimsDir, name), name.startsWith("pip") ? pipText : pythonText)) result.added.push(name);
  }
  return result;
}
