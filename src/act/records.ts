// Writes and removes pipshim's records of the environments it makes (src/facts/records.ts reads
// them). A record is on the disk (fsync) before the step it vouches for goes on.

import { existsSync, rmSync } from "node:fs";
import { writeFileAtomic } from "../sys/fs.js";
import { UserError } from "../sys/output.js";
import { recordFile, trustFile, type TrustRecord, type VenvRecord } from "../facts/records.js";

export function writeRecord(dataDir: string, record: VenvRecord): void {
  writeFileAtomic(recordFile(dataDir, record.path), JSON.stringify(record), { fsync: true });
}

export function removeRecord(dataDir: string, venvPath: string): void {
  rmSync(recordFile(dataDir, venvPath), { force: true });
}

export function writeTrust(dataDir: string, record: TrustRecord): void {
  writeFileAtomic(trustFile(dataDir, record.path), JSON.stringify(record), { fsync: true });
}

/** Takes the user's word back; false when there was none. */
export function removeTrust(dataDir: string, venvPath: string): boolean {
  const file = trustFile(dataDir, venvPath);
  if (!existsSync(file)) return false;
  try {
    rmSync(file, { force: true });
  } catch (e) {
    throw new UserError(`cannot remove ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}): make its folder writable, then run this again`, 1);
  }
  return true;
}
