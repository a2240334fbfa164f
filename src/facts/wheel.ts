// What a wheel file provides: its project's name and classifiers (METADATA) and its commands (the
// console and GUI scripts of entry_points.txt, and the files of its .data/scripts folder), read in
// Node.js from the zip itself; no Python is started.

import { basename } from "node:path";
import { dataScripts, distInfoDir, entryPointScripts, metadataClassifiers, metadataName, wheelFileProject } from "../core/wheel-metadata.js";
import { readZipTexts } from "../sys/zip.js";

export interface WheelInfo {
  /** The project's name as METADATA spells it. */
  name: string;
  /** Its console_scripts and gui_scripts, in order, then the files of its .data/scripts folder. */
  scripts: string[];
  /** Its `Classifier:` headers, in order. */
  classifiers: string[];
}

/** Reads a wheel; throws with a reason when it is not a readable wheel. */
export async function readWheel(path: string): Promise<WheelInfo> {
  const file = basename(path);
  let dir: string | undefined;
  const { names, texts } = await readZipTexts(path, (all) => {
    dir = distInfoDir(all, file);
    return dir ? [`${dir}/METADATA`, `${dir}/entry_points.txt`] : [];
  });
  if (!dir) throw new Error(`${file} has no .dist-info/METADATA`);
  const metadata = texts.get(`${dir}/METADATA`) ?? "";
  const name = metadataName(metadata) ?? wheelFileProject(file);
  const entryPoints = texts.get(`${dir}/entry_points.txt`);
  const scripts = entryPoints === undefined ? [] : entryPointScripts(entryPoints);
  for (const s of dataScripts(names)) if (!scripts.includes(s)) scripts.push(s);
  return { name, scripts, classifiers: metadataClassifiers(metadata) };
}
