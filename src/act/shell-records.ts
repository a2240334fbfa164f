// What bin/pipshim may know without starting Node.js, kept by the Node.js side in a form the shell
// reads with builtins only (`[ -e ]`, `[ -ef ]`, `[ -nt ]`, `read`), under pipshim's cache folder:
//
//   shell/trusted<venv path>/pyvenv.cfg a hard link to <venv path>/pyvenv.cfg: pipshim found that
//                                       environment usable and trusted (made by pipshim, or
//                                       trusted by the user). `[ A -ef B ]` holds only for that
//                                       very file, so a .venv replaced since (an unpacked archive,
//                                       a clone) is never taken for it; and the link keeps the old
//                                       inode from being reused. Never made for a pyvenv.cfg that
//                                       is a symbolic link (`-ef` follows links; the shell checks
//                                       `-L` too). (pipshim 0.1 kept them in shell/venvs, which
//                                       also vouched for venvs nobody trusted: not read any more.)
//   shell/managed<interpreter path>     a symbolic link to its EXTERNALLY-MANAGED file: it exists
//                                       (`[ -e ]` follows the link) while the marker does.
//   shell/venv-name                     the venvName setting, valid while newer than the settings file.
//
// A missing or stale record only ever sends a call to Node.js (pip) or to the real program
// (python): never to an environment pipshim has not checked. Best effort: a record that cannot be
// written (another file system for a hard link, a read-only cache) is simply absent.

import { linkSync, lstatSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { makeDir } from "../sys/fs.js";

function quietly(f: () => void): void {
  try {
    f();
  } catch {
    // best effort: the shell then asks Node.js, or runs the real program
  }
}

/** A new name put in place atomically: made beside it, then renamed over it. */
function place(path: string, make: (tmp: string) => void): void {
  makeDir(dirname(path), 0o700);
  const tmp = `${path}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  try {
    make(tmp);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

export function venvRecord(cacheDir: string, venv: string): string {
  return join(cacheDir, "shell", "trusted", venv, "pyvenv.cfg");
}

/** Records an environment as usable and trusted (or forgets it). */
export function recordVenv(cacheDir: string, venv: string, usable: boolean): void {
  const record = venvRecord(cacheDir, venv);
  const cfg = join(venv, "pyvenv.cfg");
  quietly(() => {
    let now;
    try {
      now = lstatSync(cfg);
    } catch {
      now = undefined;
    }
    if (!usable || !now?.isFile()) return rmSync(record, { force: true });
    try {
      const had = lstatSync(record);
      if (had.ino === now.ino && had.dev === now.dev) return;
    } catch {
      // none yet
    }
    place(record, (tmp) => linkSync(cfg, tmp));
  });
}

/** Records whether an interpreter (by each path it goes by) is externally managed. */
export function recordInterpreter(cacheDir: string, paths: string[], marker: string | null): void {
  for (const p of new Set(paths)) {
    const record = join(cacheDir, "shell", "managed", p);
    quietly(() => {
      if (marker === null) return rmSync(record, { force: true });
      try {
        if (readlinkSync(record) === marker) return;
      } catch {
        // none yet
      }
      place(record, (tmp) => symlinkSync(marker, tmp));
    });
  }
}

/** The venvName setting, for the shell's project search. */
export function recordVenvName(cacheDir: string, venvName: string): void {
  quietly(() => place(join(cacheDir, "shell", "venv-name"), (tmp) => writeFileSync(tmp, `${venvName}\n`)));
}
