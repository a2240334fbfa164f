// Writes and removes pipshim's records of the environments it makes (src/facts/records.ts reads
// them). A record is on the disk (fsync) before the step it vouches for goes on.

import { rmSync } from "node:fs";
import { writeFileAtomic } from "../sys/fs.js";
import { recordFile, type VenvRecord } from "../facts/records.js";

export function writeRecord(dataDir: string, record: VenvRecord): void {
  writeFileAtomic(recordFile(dataDir, record.path), JSON.stringify(record), { fsync: true });
}

export function removeRecord(dataDir: string, venvPath: string): void {
  rmSync(recordFile(dataDir, venvPath), { force: true });
}
