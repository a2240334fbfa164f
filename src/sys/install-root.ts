// Where this pipshim is installed (a clone, or a global npm install), and where its shims for
// this user are made. Commands that write paths into shell code (init, setup, doctor) and the
// shims themselves get it from here: the bundle that runs (process.argv[1]) is <root>/dist/pipshim.cjs.

import { realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { pipshimPaths } from "./xdg.js";

export interface Install {
  root: string;
  /** bin/pipshim, the command shell profiles name by absolute path. */
  bin: string;
  /** The install's shim templates (shims/pip, shims/python). */
  templates: string;
  /** The folder to put first on PATH: this user's shims, made by `pipshim shims` (src/act/shims.ts). */
  shimsDir: string;
}

/** The shims folder for this user: pipshim's data folder's shims/ (as pyenv keeps its shims in its own folder). */
function shimsFolder(): string {
  return join(pipshimPaths().data, "shims");
}

export function thisInstall(): Install {
  const root = realpathSync(join(dirname(process.argv[1]), ".."));
  return { root, bin: join(root, "bin", "pipshim"), templates: join(root, "shims"), shimsDir: shimsFolder() };
}
