// pipshim's own folders, the one place they are worked out: XDG on Linux, via env-paths (which
// honours XDG_CONFIG_HOME, XDG_DATA_HOME and XDG_CACHE_HOME, and makes no folder). Whoever writes
// there makes the folder on demand (src/sys/fs.ts, makeDir). Other programs' folders (pip's config
// files, fish's conf.d) follow those programs' own rules, and are not worked out here.

import envPaths from "env-paths";
import { join } from "node:path";

export interface PipshimPaths {
  /** Settings (config.json). */
  config: string;
  /** The default environments, and the records of the environments pipshim made. */
  data: string;
  /** Interpreter facts, locks, the probe. */
  cache: string;
}

export function pipshimPaths(): PipshimPaths {
  const p = envPaths("pipshim", { suffix: "" });
  return { config: p.config, data: p.data, cache: p.cache };
}

export const SETTINGS_FILE = "config.json";

/** The settings file `pipshim config` edits and every command reads. */
export function settingsFile(paths: PipshimPaths): string {
  return join(paths.config, SETTINGS_FILE);
}

/** The per-user environment for libraries installed outside any project, one per Python version. */
export function defaultEnvPath(paths: PipshimPaths, pythonVersion: string): string {
  return join(paths.data, `default-python${pythonVersion}`);
}

const VARIABLES: [keyof PipshimPaths, string][] = [
  ["config", "XDG_CONFIG_HOME"],
  ["data", "XDG_DATA_HOME"],
  ["cache", "XDG_CACHE_HOME"],
];

/** For a path in one of pipshim's folders: the variable that moves that folder somewhere else. */
export function folderVariable(path: string): string | undefined {
  const paths = pipshimPaths();
  return VARIABLES.find(([key]) => path === paths[key] || path.startsWith(`${paths[key]}/`))?.[1];
}
