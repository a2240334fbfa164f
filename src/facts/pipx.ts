// pipx: where it is, where it puts commands, and what it has installed (its venvs' folders).

import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { PipxFacts } from "../core/facts.js";
import { normalizeName } from "../core/names.js";
import { findOnPath, pathDirs } from "../sys/path.js";

/** PIPX_HOME, or pipx's default: ~/.local/pipx (pipx 1.1.0, and later ones when it exists), else ~/.local/share/pipx. */
export function pipxHome(env: NodeJS.ProcessEnv, home: string): string {
  if (env.PIPX_HOME) return env.PIPX_HOME;
  const old = join(home, ".local", "pipx");
  return existsSync(old) ? old : join(home, ".local", "share", "pipx");
}

export function pipxFacts(env: NodeJS.ProcessEnv, home: string, withInstalled: boolean): PipxFacts {
  const PATH = env.PATH ?? "";
  const binDir = env.PIPX_BIN_DIR || join(home, ".local", "bin");
  const facts: PipxFacts = {
    path: findOnPath("pipx", PATH) ?? null,
    binDir,
    binDirOnPath: pathDirs(PATH).some((d) => resolve(d) === resolve(binDir)),
  };
  if (withInstalled) {
    const venvs = join(pipxHome(env, home), "venvs");
    let names: string[] = [];
    try {
      names = readdirSync(venvs);
    } catch {
      names = [];
    }
    // pipx writes pipx_metadata.json last: a venv without it was left half made (pipx killed).
    facts.installed = names.filter((n) => existsSync(join(venvs, n, "pipx_metadata.json"))).map(normalizeName);
    facts.halfMade = names.filter((n) => !existsSync(join(venvs, n, "pipx_metadata.json"))).map(normalizeName);
  }
  return facts;
}
