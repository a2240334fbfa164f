// What another pipx run may leave behind, and its repair (under the lock of what it repairs,
// src/act/execute.ts): pipx run on an environment whose python or pyvenv.cfg is gone runs the
// python it links to as the system's own, and writes into the system's site-packages (its
// pipx_shared.pth). Such an environment is removed, with its commands, before pipx runs.

import { existsSync, lstatSync, readdirSync, readlinkSync, rmSync, unlinkSync } from "node:fs";
import { join, resolve, sep } from "node:path";

/** pipx's shared libraries: PIPX_SHARED_LIBS, else <PIPX_HOME>/shared (pipx's own rule). */
export function sharedLibsDir(env: NodeJS.ProcessEnv, pipxHome: string): string {
  return env.PIPX_SHARED_LIBS || join(pipxHome, "shared");
}

/**
 * Why the environment `dir` is half gone (its python or pyvenv.cfg missing), or undefined when it
 * is whole or not there at all. (One pipx left without its metadata, which pipx writes last, is
 * made again by the decision: pipx install --force.)
 */
export function halfGone(dir: string): string | undefined {
  try {
    if (!lstatSync(dir).isDirectory()) return "not a folder";
  } catch {
    return undefined;
  }
  const missing = ["bin/python", "pyvenv.cfg"].filter((f) => !existsSync(join(dir, f)));
  return missing.length > 0 ? `${missing.join(", ")} missing` : undefined;
}

/** Removes an application's environment and the commands pipx linked to it in `binDir`. */
export function removeHalfGoneApp(venv: string, binDir: string): void {
  const inside = resolve(venv) + sep;
  let names: string[] = [];
  try {
    names = readdirSync(binDir);
  } catch {
    names = [];
  }
  for (const name of names) {
    const link = join(binDir, name);
    try {
      if (!lstatSync(link).isSymbolicLink()) continue;
      if (resolve(binDir, readlinkSync(link)).startsWith(inside)) unlinkSync(link);
    } catch {
      // gone meanwhile
    }
  }
  rmSync(venv, { recursive: true, force: true });
}
