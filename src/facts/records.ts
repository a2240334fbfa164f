// pipshim's record of the environments it makes, kept in its own data folder (never in the
// project, so a clone cannot bring a forged one): "creating" while it makes one, "ready" after.
// Read here; written by src/act/records.ts.
// A "creating" record whose maker is gone marks a half-made environment that is safe to remove;
// a "ready" one, with the pyvenv.cfg it saw, says the environment is pipshim's own.

import { fileKey } from "../sys/file-key.js";
import { existsSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { readRegularFile } from "../sys/fs.js";
import { pipshimPaths } from "../sys/xdg.js";

export interface VenvRecord {
  path: string;
  status: "creating" | "ready";
  pid: number;
  /** Identity of the folder pipshim made for it ("creating"): a folder made by anyone else since is not pipshim's. */
  dir?: string;
  /** Identity of its pyvenv.cfg when it was made ("ready" only). */
  cfg?: string;
}

/** The identity of the folder at `path` (not followed if a symbolic link), if there is one. */
export function dirIdentity(path: string): string | undefined {
  try {
    const st = lstatSync(path);
    return st.isDirectory() ? folderIdentity(st) : undefined;
  } catch {
    return undefined;
  }
}

/** A folder's identity: an inode number is reused at once when a folder is removed, its birth time is not. */
export function folderIdentity(st: { dev: number; ino: number; birthtimeMs: number }): string {
  return `${st.dev}:${st.ino}:${st.birthtimeMs}`;
}

/** The file pipshim puts in a folder as it starts making an environment there, and removes when done. */
export const CREATING_MARK = ".pipshim-creating";

/** Where the record of the environment at `venvPath` is kept (written by src/act/records.ts). */
export function recordFile(dataDir: string, venvPath: string): string {
  return join(dataDir, "made", `${fileKey(venvPath)}.json`);
}

/**
 * Its pyvenv.cfg's identity, when it is a regular file (never a symbolic link, which could point
 * at a file pipshim knows): a file put there since (an unpacked archive, a clone, another venv
 * moved in) is another file, and one written over in place (`cp -r`) has another modification
 * time or size. Not by change time: the hard link the shell records keep to it
 * (src/act/shell-records.ts) changes its ctime.
 */
export function cfgIdentity(venvPath: string): string | undefined {
  try {
    const st = lstatSync(join(venvPath, "pyvenv.cfg"));
    return st.isFile() ? `${folderIdentity(st)}:${st.mtimeMs}:${st.size}` : undefined;
  } catch {
    return undefined;
  }
}

/** A record about the environment at `venvPath`, if the file holds one about that very path. */
function readAbout<T extends { path: string }>(file: string, venvPath: string): T | undefined {
  const read = readRegularFile(file, 64 * 1024);
  if (!read.ok) return undefined;
  try {
    const r = JSON.parse(read.text) as T;
    return r.path === venvPath ? r : undefined;
  } catch {
    return undefined;
  }
}

export function readRecord(dataDir: string, venvPath: string): VenvRecord | undefined {
  return readAbout<VenvRecord>(recordFile(dataDir, venvPath), venvPath);
}

/**
 * The user's word that an environment pipshim did not make may be run (`pipshim trust`), bound to
 * that very folder and its pyvenv.cfg: a .venv replaced since needs the word again. Kept, as the
 * records of made environments, in pipshim's data folder and never in the project.
 */
export interface TrustRecord {
  path: string;
  dir: string;
  cfg: string;
}

export function trustFile(dataDir: string, venvPath: string): string {
  return join(dataDir, "trusted", `${fileKey(venvPath)}.json`);
}

export function readTrust(dataDir: string, venvPath: string): TrustRecord | undefined {
  return readAbout<TrustRecord>(trustFile(dataDir, venvPath), venvPath);
}

/** The record that trusting the environment at `venvPath` writes, as it is now. */
export function trustRecordFor(venvPath: string): TrustRecord | undefined {
  const cfg = cfgIdentity(venvPath);
  const dir = dirIdentity(venvPath);
  return cfg === undefined || dir === undefined ? undefined : { path: venvPath, dir, cfg };
}

/** The user trusted this very environment (`pipshim trust`), and nobody has replaced it since. */
export function trustedByUser(record: TrustRecord | undefined, venvPath: string): boolean {
  if (record === undefined) return false;
  const now = trustRecordFor(venvPath);
  return now !== undefined && now.dir === record.dir && now.cfg === record.cfg;
}

/** The environment at `venvPath` is one pipshim made and finished (its record says so), and nobody has replaced it since. */
export function madeByPipshim(record: VenvRecord | undefined, venvPath: string): boolean {
  if (record?.status !== "ready" || record.cfg === undefined) return false;
  if (record.dir !== undefined) return record.cfg === cfgIdentity(venvPath) && record.dir === dirIdentity(venvPath);
  return sameSinceEarlierPipshim(record.cfg, venvPath);
}

/**
 * A record written by pipshim 0.1 before this one ("dev:ino:ctime" of the pyvenv.cfg, no folder):
 * the same file if nothing touched it since, or while the hard link that that pipshim's shell
 * record kept to it (shell/venvs<venv>/pyvenv.cfg, which also kept its inode from being reused)
 * is that very file.
 */
function sameSinceEarlierPipshim(cfg: string, venvPath: string): boolean {
  const [dev, ino, ctime] = cfg.split(":");
  let st;
  try {
    st = lstatSync(join(venvPath, "pyvenv.cfg"));
  } catch {
    return false;
  }
  if (!st.isFile() || String(st.dev) !== dev || String(st.ino) !== ino) return false;
  if (String(st.ctimeMs) === ctime) return true;
  try {
    const link = lstatSync(join(pipshimPaths().cache, "shell", "venvs", venvPath, "pyvenv.cfg"));
    return link.isFile() && link.dev === st.dev && link.ino === st.ino;
  } catch {
    return false;
  }
}

/**
 * The environments pipshim knows as its own or the user's: those it made (finished), those the
 * user trusted, and its default environments, by path, where they still are. Their commands get
 * shims (src/act/shims.ts).
 */
export function knownEnvironments(dataDir: string): string[] {
  const found = new Set<string>();
  for (const kind of ["made", "trusted"]) {
    let files: string[] = [];
    try {
      files = readdirSync(join(dataDir, kind)).filter((f) => f.endsWith(".json"));
    } catch {
      continue;
    }
    for (const f of files) {
      const read = readRegularFile(join(dataDir, kind, f), 64 * 1024);
      if (!read.ok) continue;
      try {
        const r = JSON.parse(read.text) as { path?: unknown; status?: unknown };
        if (typeof r.path === "string" && (kind === "trusted" || r.status === "ready")) found.add(r.path);
      } catch {
        // not a record
      }
    }
  }
  try {
    for (const e of readdirSync(dataDir)) if (/^default-python[0-9.]+$/.test(e)) found.add(join(dataDir, e));
  } catch {
    // no data folder yet
  }
  return [...found].filter((p) => existsSync(join(p, "pyvenv.cfg"))).sort();
}
