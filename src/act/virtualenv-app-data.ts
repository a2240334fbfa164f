// pipshim's own app-data folder for virtualenv (its cache of unpacked seed wheels), kept apart
// from the user's ~/.local/share/virtualenv, which pipshim never touches. virtualenv writes its
// app-data in place and not atomically: a run killed while it unpacks leaves a half-made image
// that breaks every later run. So pipshim's copy is only ever made whole or not at all:
//
// - the first creation unpacks into a fresh temporary folder beside it (`tmp-<pid>-<ms>-*`); only
//   after a creation with it worked is a manifest (every entry, with sizes and times) written into
//   it and the folder renamed into place. Concurrent first creations each make their own; one
//   rename wins and the others remove theirs.
// - later creations use it with --read-only-app-data, so virtualenv takes no locks and writes
//   nothing there, and compare it with its manifest while virtualenv runs (in its own process,
//   so off the critical path). The one thing virtualenv still writes into a read-only app-data
//   is a missing image (new seed wheels after an upgrade, a new Python version): a new folder
//   six levels down or less, so the times of the folders above it change, which a few stats
//   catch after the run.
// - a copy that does not match, was swapped meanwhile, or with which a creation failed, is moved
//   aside and removed (`old-<pid>-<ms>-*`), and a new one made as on the first creation.
// - temporary and moved-aside folders whose maker died (SIGKILL) are removed by the next one made.

import { lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileKey } from "../sys/file-key.js";
import { makeDir } from "../sys/fs.js";
import { processInfo } from "../sys/proc.js";

const MANIFEST = ".pipshim-manifest";
/** Folders this many levels down, or less, change their times when virtualenv adds an image. */
const SHALLOW_DEPTH = 5;
/** A temporary folder older than this is removed even if a process with its maker's pid lives. */
const STALE_MS = 24 * 3600 * 1000;

export interface AppDataStore {
  /** `<pipshim data>/virtualenv`: the live copies, and the temporary ones beside them. */
  root: string;
  /** The live copy for one interpreter. */
  live: string;
}

/** Where pipshim keeps virtualenv's app-data for `python`; makes the root folder. Throws when it cannot. */
export function appDataStore(dataDir: string, python: string): AppDataStore {
  const root = join(dataDir, "virtualenv");
  makeDir(root);
  let real = python;
  try {
    real = realpathSync(python);
  } catch {
    // the interpreter's own path, then
  }
  return { root, live: join(root, `py-${fileKey(real)}`) };
}

interface Manifest {
  python: string;
  /** Every entry but the manifest: `d path`, `f path size mtime`, `l path`. */
  entries: string;
  /** [path, mtime] of every folder 1 to SHALLOW_DEPTH levels down. */
  shallow: [string, number][];
}

function readManifest(live: string): Manifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(live, MANIFEST), "utf8")) as Manifest;
    return typeof m.entries === "string" && Array.isArray(m.shallow) ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Every entry below `root` (but the manifest), with sizes and times of files; the times of the shallow folders. */
function listSync(root: string): { entries: string; shallow: [string, number][] } {
  const out: string[] = [];
  const shallow: [string, number][] = [];
  const walk = (rel: string, depth: number) => {
    const found = readdirSync(rel ? join(root, rel) : root, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of found) {
      if (!rel && e.name === MANIFEST) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      // (A file system that does not tell the kind in the listing is asked with lstat.)
      const known = e.isDirectory() || e.isFile() || e.isSymbolicLink();
      const st = known ? undefined : lstatSync(join(root, r));
      if (e.isDirectory() || st?.isDirectory()) {
        out.push(`d ${JSON.stringify(r)}`);
        if (depth < SHALLOW_DEPTH) shallow.push([r, lstatSync(join(root, r)).mtimeMs]);
        walk(r, depth + 1);
      } else if (e.isSymbolicLink() || st?.isSymbolicLink()) {
        out.push(`l ${JSON.stringify(r)}`);
      } else {
        const s = st ?? lstatSync(join(root, r));
        out.push(`f ${JSON.stringify(r)} ${s.size} ${s.mtimeMs}`);
      }
    }
  };
  walk("", 0);
  return { entries: out.join("\n"), shallow };
}

/** A live copy as found before a run: what to compare it with during and after the run. */
export interface LiveCopy {
  path: string;
  identity: string;
  manifest: Manifest;
}

/** The live copy, if there is one with a manifest (not yet compared with it: see `checkWhole`). */
export function openLive(store: AppDataStore): LiveCopy | undefined {
  let identity: string;
  try {
    const s = statSync(store.live);
    if (!s.isDirectory()) return undefined;
    identity = `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
  const manifest = readManifest(store.live);
  return manifest && { path: store.live, identity, manifest };
}

/**
 * Whether the live copy holds exactly what its manifest lists (every entry, size and time): a
 * stat per file (about 900), so it is meant to run while virtualenv does, in its own process.
 * Synchronous: the asynchronous walk costs twice the CPU time.
 */
export function checkWhole(copy: LiveCopy): boolean {
  try {
    return listSync(copy.path).entries === copy.manifest.entries;
  } catch {
    return false;
  }
}

/** After a run with the live copy: whether it is still the same folder, and nothing was added to it (a few stats). */
export function unchangedSince(copy: LiveCopy): boolean {
  try {
    const s = statSync(copy.path);
    if (`${s.dev}:${s.ino}` !== copy.identity) return false;
    return copy.manifest.shallow.every(([rel, mtime]) => statSync(join(copy.path, rel)).mtimeMs === mtime);
  } catch {
    return false;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie (killed, its parent gone, not reaped yet: PID 1 in a container may be slow) is dead.
    return processInfo(pid)?.state !== "Z";
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes temporary and moved-aside copies whose maker is gone. */
export function sweepStale(store: AppDataStore): void {
  let names: string[] = [];
  try {
    names = readdirSync(store.root);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^(?:tmp|old)-(\d+)-(\d+)-/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid) continue;
    if (!pidAlive(pid) || Date.now() - Number(m[2]) > STALE_MS) rmSync(join(store.root, name), { recursive: true, force: true });
  }
}

/** A fresh, empty temporary copy beside the live one. */
export function makeTemporary(store: AppDataStore): string {
  return mkdtempSync(join(store.root, `tmp-${process.pid}-${Date.now()}-`));
}

/**
 * Puts a temporary copy with which a creation worked in place: writes its manifest, then renames
 * it to the live name. When another pipshim got there first, its copy stays and this one is removed.
 */
export function publish(store: AppDataStore, temporary: string, python: string): void {
  try {
    const { entries, shallow } = listSync(temporary);
    writeFileSync(join(temporary, MANIFEST), JSON.stringify({ python, entries, shallow } satisfies Manifest));
    renameSync(temporary, store.live);
  } catch {
    // Another one won the rename (ENOTEMPTY, EEXIST), or the disk is full: this copy is not needed.
    rmSync(temporary, { recursive: true, force: true });
  }
}

/** Moves the live copy aside and removes it (a run using it meanwhile fails, and makes its own). */
export function discardLive(store: AppDataStore): void {
  const aside = `${join(store.root, "old")}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    renameSync(store.live, aside);
  } catch {
    return; // gone already (another pipshim discarded it)
  }
  rmSync(aside, { recursive: true, force: true });
}
