// pipshim's record of the environments it makes, kept in its own data folder (never in the
// project, so a clone cannot bring a forged one): "creating" while it makes one, "ready" after.
// Read here; written by src/act/records.ts.
// A "creating" record whose maker is gone marks a half-made environment that is safe to remove;
// a "ready" one, with the pyvenv.cfg it saw, says the environment is pipshim's own.

import { fileKey } from "../sys/file-key.js";
import { statSync } from "node:fs";
import { join } from "node:path";
import { readRegularFile } from "../sys/fs.js";

export interface VenvRecord {
  path: string;
  status: "creating" | "ready";
  pid: number;
  /** Identity of the folder pipshim made for it ("creating"): a folder made by anyone else since is not pipshim's. */
  dir?: string;
  /** Identity of its pyvenv.cfg when it was made ("ready" only). */
  cfg?: string;
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

export function cfgIdentity(venvPath: string): string | undefined {
  try {
    const s = statSync(join(venvPath, "pyvenv.cfg"));
    return `${s.dev}:${s.ino}:${s.ctimeMs}`;
  } catch {
    return undefined;
  }
}

export function readRecord(dataDir: string, venvPath: string): VenvRecord | undefined {
  const read = readRegularFile(recordFile(dataDir, venvPath), 64 * 1024);
  if (!read.ok) return undefined;
  try {
    const r = JSON.parse(read.text) as VenvRecord;
    return r.path === venvPath ? r : undefined;
  } catch {
    return undefined;
  }
}

/** The environment at `venvPath` is one pipshim made and finished (its record says so), and nobody has replaced it since. */
export function madeByPipshim(record: VenvRecord | undefined, venvPath: string): boolean {
  return record?.status === "ready" && record.cfg !== undefined && record.cfg === cfgIdentity(venvPath);
}
