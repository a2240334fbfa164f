// Which settings pip takes from its config files and PIP_* environment variables, in the order it
// applies them (pip's Configuration and ConfigOptionParser). Pure: the files' texts come in as facts.

import { parseIni, IniError } from "./ini.js";

/** A config file pip may read: its text, or null when it does not exist. */
export interface ConfigFile {
  path: string;
  text: string | null;
}

/** The files pip would consider, gathered by facts/pip-config.ts. */
export interface PipConfigFiles {
  /** `$XDG_CONFIG_DIRS/pip/pip.conf` (default /etc/xdg) then `/etc/pip.conf`. */
  global: ConfigFile[];
  /** `~/.pip/pip.conf` then `$XDG_CONFIG_HOME/pip/pip.conf`. */
  user: ConfigFile[];
  /** `PIP_CONFIG_FILE`, when that variable is set. */
  envFile?: ConfigFile;
  /** `<sys.prefix>/pip.conf` of the interpreter pip runs under. */
  site: ConfigFile[];
}

export type Env = Readonly<Record<string, string | undefined>>;

/** One setting as pip's parser sees it: the option's long name without `--`, and the raw text. */
export interface ConfigItem {
  key: string;
  value: string;
  /** Where it came from, for explanations: a file path, or the variable's name. */
  source: string;
}

function optionKey(name: string): string {
  const n = name.toLowerCase().replace(/_/g, "-");
  return n.startsWith("--") ? n.slice(2) : n;
}

const IGNORED_ENV_NAMES = new Set(["version", "help"]);

/**
 * The settings a pip parser named `parserName` ("global" for pip's main parser, or the command)
 * applies as defaults, in application order (later ones win). Throws IniError for a file pip
 * could not read either.
 */
export function configItems(files: PipConfigFiles, env: Env, parserName: string, isolated: boolean): ConfigItem[] {
  // pip keeps one dictionary per kind of source, merged in this order: global, user, site,
  // PIP_CONFIG_FILE, environment variables. Keys are "section.key".
  const merged = new Map<string, { value: string; source: string }>();
  const load = (file: ConfigFile) => {
    if (file.text === null) return;
    let sections;
    try {
      sections = parseIni(file.text);
    } catch (e) {
      throw new IniError(`${file.path}: ${(e as Error).message}`);
    }
    for (const [section, items] of sections) {
      for (const [k, v] of items) merged.set(`${section}.${optionKey(k)}`, { value: v, source: file.path });
    }
  };
  const devnull = files.envFile?.path === "/dev/null";
  if (!devnull) {
    const envFileExists = files.envFile !== undefined && files.envFile.text !== null;
    files.global.forEach(load);
    if (!isolated && !envFileExists) files.user.forEach(load);
    files.site.forEach(load);
    if (files.envFile) load(files.envFile);
  }
  if (!isolated) {
    for (const [name, value] of Object.entries(env)) {
      if (!name.startsWith("PIP_") || value === undefined) continue;
      const key = name.slice(4).toLowerCase();
      if (IGNORED_ENV_NAMES.has(key)) continue;
      merged.set(`:env:.${optionKey(key)}`, { value, source: name });
    }
  }
  const items: ConfigItem[] = [];
  for (const section of ["global", parserName, ":env:"]) {
    for (const [sectionKey, { value, source }] of merged) {
      if (!value) continue;
      const dot = sectionKey.indexOf(".");
      if (sectionKey.slice(0, dot) === section) items.push({ key: sectionKey.slice(dot + 1), value, source });
    }
  }
  return items;
}
