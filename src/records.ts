// pipshim's record of the environments it makes, kept in its own data folder (never in the
// project, so a clone cannot bring a forged one): "creating" while it makes one, "ready" after.
// A "creating" record whose maker is gone marks a half-made environment that is safe to remove;
// a "ready" one, with the pyvenv.cfg it saw, says the environment is pipshim's own.

import { fileKey } from "./file-key.js";
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface VenvRecord {
  path: string;
  status: "creating" | "ready";
  pid: number;
  /** Identity of its pyvenv.cfg when it was made ("ready" only). */
  cfg?: string;
}

function recordFile(dataDir: string, venvPath: string): string {
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
  try {
    const r = JSON.parse(readFileSync(recordFile(dataDir, venvPath), "utf8")) as VenvRecord;
    return r.path === venvPath ? r : undefined;
  } catch {
    return undefined;
  }
}

export function writeRecord(dataDir: string, record: VenvRecord): void {
  const file = recordFile(dataDir, record.path);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(record));
  renameSync(tmp, file);
}

export function removeRecord(dataDir: string, venvPath: string): void {
  rmSync(recordFile(dataDir, venvPath), { force: true });
}

/** The environment at `venvPath` is one pipshim made and finished (its record says so), and nobody has replaced it since. */
export function madeByPipshim(record: VenvRecord | undefined, venvPath: string): boolean {
  return record?.status === "ready" && record.cfg !== undefined && record.cfg === cfgIdentity(venvPath);
}
