// Whether a folder is an environment a pipshim that died left half made (src/act/venv.ts makes
// them so): it records "creating" for the path, makes the folder, puts its mark in it, then
// records which folder it is. Only that very folder, still marked, counts; or, when it died
// before recording the folder, a folder holding nothing but (maybe) the mark and its lock file: removing that
// loses nothing, whoever made it.

import { existsSync, readdirSync, type Stats } from "node:fs";
import { join } from "node:path";
import { CREATING_MARK, folderIdentity, type VenvRecord } from "./records.js";

export function leftHalfMade(record: VenvRecord | undefined, path: string, st: Stats): boolean {
  if (record?.status !== "creating") return false;
  if (record.dir === undefined) {
    try {
      // The mark, and the environment's lock file (<env>/.lock, empty: taken right after the folder was made).
      return readdirSync(path).every((name) => name === CREATING_MARK || name === ".lock");
    } catch {
      return false;
    }
  }
  return record.dir === folderIdentity(st) && existsSync(join(path, CREATING_MARK));
}
