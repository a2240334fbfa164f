// What a wheel file provides: its project's name (METADATA) and its commands (the console and GUI
// scripts of entry_points.txt), read in Node.js from the zip itself; no Python is started.

import { basename } from "node:path";
import { distInfoDir, entryPointScripts, metadataName, wheelFileProject } from "../core/wheel-metadata.js";
import { readZipTexts } from "../sys/zip.js";

export interface WheelInfo {
  /** The project's name as METADATA spells it. */
  name: string;
  /** Its console_scripts and gui_scripts, in order. */
  scripts: string[];
}

/** Reads a wheel; throws with a reason when it is not a readable wheel. */
export async function readWheel(path: string): Promise<WheelInfo> {
  const file = basename(path);
  let dir: string | undefined;
  const { texts } = await readZipTexts(path, (names) => {
    dir = distInfoDir(names, file);
    return dir ? [`${dir}/METADATA`, `${dir}/entry_points.txt`] : [];
  });
  if (!dir) throw new Error(`${file} has no .dist-info/METADATA`);
  const name = metadataName(texts.get(`${dir}/METADATA`) ?? "") ?? wheelFileProject(file);
  const entryPoints = texts.get(`${dir}/entry_points.txt`);
  return { name, scripts: entryPoints === undefined ? [] : entryPointScripts(entryPoints) };
}
