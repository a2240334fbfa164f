// pipshim's own folders (XDG on Linux, via env-paths; created on demand by whoever writes there).

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

/** The per-user environment for libraries installed outside any project, one per Python version. */
export function defaultEnvPath(paths: PipshimPaths, pythonVersion: string): string {
  return join(paths.data, `default-python${pythonVersion}`);
}
