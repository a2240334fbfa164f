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
//   shell/trusted<venv path>/lock       the file of that environment's lock (src/act/lock.ts), one
//                                       line, for an install the shell carries out itself.
//   shell/managed<interpreter path>     a symbolic link to its EXTERNALLY-MANAGED file: it exists
//                                       (`[ -e ]` follows the link) while the marker does.
//   shell/site-conf<interpreter path>   a symbolic link to <its sys.prefix>/pip.conf, pip's site
//                                       config file for it: `[ -L ] && ! [ -e ]` says it has none.
//   shell/venv-name                     the venvName setting, valid while newer than the settings file.
//   shell/pip-conf<config file path>    the exact text of one of pip's config files that cannot
//                                       change the routing of an install (core/pip/harmless-config.ts);
//                                       the shell compares the file's text with it.
//
// A missing or stale record only ever sends a call to Node.js (pip) or to the real program
// (python): never to an environment pipshim has not checked. Best effort: a record that cannot be
// written (another file system for a hard link, a read-only cache) is simply absent.

import { linkSync, lstatSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { makeDir } from "../sys/fs.js";
import { lockFile } from "./lock.js";
import type { ConfigFile } from "../core/pip/config.js";
import { harmlessToRouting } from "../core/pip/harmless-config.js";

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
  const lock = join(dirname(venvRecord(cacheDir, venv)), "lock");
  const lockLine = `${lockFile(join(cacheDir, "locks"), venv)}\n`;
  quietly(() => {
    if (!usable) return rmSync(lock, { force: true });
    try {
      if (readFileSync(lock, "utf8") === lockLine) return;
    } catch {
      // none yet
    }
    place(lock, (tmp) => writeFileSync(tmp, lockLine));
  });
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

/** A symbolic link to `target` at `record` (none when target is null), made only when it differs. */
function linkRecord(record: string, target: string | null): void {
  quietly(() => {
    if (target === null) return rmSync(record, { force: true });
    try {
      if (readlinkSync(record) === target) return;
    } catch {
      // none yet
    }
    place(record, (tmp) => symlinkSync(target, tmp));
  });
}

/**
 * Records whether an interpreter (by each path it goes by) is externally managed, and where its
 * pip's site config file would be (`prefix`: its sys.prefix).
 */
export function recordInterpreter(cacheDir: string, paths: string[], marker: string | null, prefix: string): void {
  for (const p of new Set(paths)) {
    linkRecord(join(cacheDir, "shell", "managed", p), marker);
    linkRecord(join(cacheDir, "shell", "site-conf", p), marker === null ? null : join(prefix, "pip.conf"));
  }
}

/** pip's global and user config files that are harmless to the routing, by their very text (and no record for the others). */
export function recordPipConfigs(cacheDir: string, files: ConfigFile[]): void {
  for (const f of files) {
    const record = join(cacheDir, "shell", "pip-conf", f.path);
    quietly(() => {
      if (f.text === null || !harmlessToRouting(f.text)) return rmSync(record, { force: true });
      try {
        if (readFileSync(record, "utf8") === f.text) return;
      } catch {
        // none yet
      }
      place(record, (tmp) => writeFileSync(tmp, f.text!));
    });
  }
}

/** The venvName setting, for the shell's project search. */
export function recordVenvName(cacheDir: string, venvName: string): void {
  quietly(() => place(join(cacheDir, "shell", "venv-name"), (tmp) => writeFileSync(tmp, `${venvName}\n`)));
}
