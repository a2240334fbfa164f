// What a wheel says about itself, read from the text of its files (PEP 427, core metadata,
// entry_points.txt): pure, so the zip reading (src/sys/zip.ts) and the reading of the text
// are tested apart. pipshim only needs the project's name, the commands it provides and its
// classifiers (which can say "a library" where commands alone would say "an application").

import { normalizeName } from "./names.js";

/**
 * The wheel's `.dist-info` folder among its entry names: a top-level `<name>-<version>.dist-info`
 * holding METADATA. With more than one (a malformed wheel), the one named as the wheel file is.
 */
export function distInfoDir(entryNames: string[], wheelFileName?: string): string | undefined {
  const dirs = new Set<string>();
  for (const n of entryNames) {
    const m = /^([^/]+\.dist-info)\/METADATA$/.exec(n);
    if (m) dirs.add(m[1]);
  }
  const all = [...dirs].sort();
  if (all.length <= 1 || !wheelFileName) return all[0];
  const wanted = normalizeName(wheelFileName.split("-")[0]);
  return all.find((d) => normalizeName(d.split("-")[0]) === wanted) ?? all[0];
}

/** The `Name:` header of core metadata (the headers end at the first empty line). */
export function metadataName(metadata: string): string | undefined {
  for (const line of metadata.split(/\r?\n/)) {
    if (line === "") break;
    const m = /^name\s*:\s*(.*?)\s*$/i.exec(line);
    if (m && m[1]) return m[1];
  }
  return undefined;
}

/**
 * The `Classifier:` headers of core metadata, in order (the headers end at the first empty line;
 * a classifier never spans lines).
 */
export function metadataClassifiers(metadata: string): string[] {
  const out: string[] = [];
  for (const line of metadata.split(/\r?\n/)) {
    if (line === "") break;
    const m = /^classifier\s*:\s*(.*?)\s*$/i.exec(line);
    if (m && m[1] && !out.includes(m[1])) out.push(m[1]);
  }
  return out;
}

/**
 * The commands a wheel installs as plain files (PEP 427: `<name>-<version>.data/scripts/<file>`,
 * copied into the environment's bin folder): the way a compiled tool such as ruff ships its
 * program. Top-level `.data` folders only, files only, each name once.
 */
export function dataScripts(entryNames: string[]): string[] {
  const out: string[] = [];
  for (const n of entryNames) {
    const m = /^[^/]+\.data\/scripts\/([^/]+)$/.exec(n);
    if (m && !out.includes(m[1])) out.push(m[1]);
  }
  return out;
}

/**
 * The commands an entry_points.txt declares: the keys of its [console_scripts] and [gui_scripts]
 * sections, in order, each once. Read as importlib.metadata reads the file (what pipx and pip use):
 * lines stripped, `#` comments and blank lines skipped, `key = value` split at the first `=`.
 */
export function entryPointScripts(text: string): string[] {
  const scripts: string[] = [];
  let section: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      section = header[1].trim();
      continue;
    }
    if (section !== "console_scripts" && section !== "gui_scripts") continue;
    const eq = line.indexOf("=");
    const name = (eq < 0 ? line : line.slice(0, eq)).trim();
    if (name && eq > 0 && !scripts.includes(name)) scripts.push(name);
  }
  return scripts;
}

/** The project name in a wheel's file name (`Foo_Bar-1.0-py3-none-any.whl` → `Foo_Bar`). */
export function wheelFileProject(fileName: string): string {
  return fileName.replace(/^.*\//, "").split("-")[0];
}
