// The state of a virtual environment pipshim may use, read from the disk without running anything
// in it: a .venv that came with a clone is never run (README, "Guarantees").

import { existsSync, lstatSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { VenvFacts } from "../core/facts.js";
import { normalizeName, shellPath } from "../core/text.js";
import { madeByPipshim, readRecord } from "../records.js";
import { runCaptured } from "../act/capture.js";

export interface VenvContext {
  dataDir: string;
  home: string;
  env: NodeJS.ProcessEnv;
  /** Gather the names of installed distributions too (for uninstall). */
  withInstalled?: boolean;
}

/** Whether git tracks anything under `path`; undefined when git cannot tell. */
async function trackedByGit(path: string, env: NodeJS.ProcessEnv): Promise<boolean | undefined> {
  let dir = dirname(path);
  for (;;) {
    if (existsSync(join(dir, ".git"))) break;
    const up = dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
  const r = await runCaptured("git", ["-C", dirname(path), "ls-files", "-z", "--", path], { env }).catch(() => undefined);
  if (!r || r.exitCode !== 0) return undefined;
  return r.stdout.length > 0;
}

export function installedDistributions(venvPath: string): string[] {
  const names: string[] = [];
  let libs: string[] = [];
  try {
    libs = readdirSync(join(venvPath, "lib")).filter((d) => d.startsWith("python"));
  } catch {
    return names;
  }
  for (const lib of libs) {
    let entries: string[] = [];
    try {
      entries = readdirSync(join(venvPath, "lib", lib, "site-packages"));
    } catch {
      continue;
    }
    for (const e of entries) {
      const m = /^(.+?)-[^-]*\.(dist-info|egg-info)$/.exec(e) ?? /^(.+)\.(dist-info|egg-info)$/.exec(e);
      if (m) names.push(normalizeName(m[1]));
    }
  }
  return names;
}

export async function venvFacts(path: string, ctx: VenvContext): Promise<VenvFacts> {
  let isDir: boolean;
  try {
    isDir = lstatSync(path).isDirectory();
  } catch {
    return { path, state: "missing" };
  }
  const shown = shellPath(path, ctx.home);
  if (!isDir) return { path, state: "broken", problem: `is not a folder: move it away, then run the command again` };
  const record = readRecord(ctx.dataDir, path);
  if (record?.status === "creating") return { path, state: "interrupted" };
  if (!existsSync(join(path, "pyvenv.cfg"))) {
    return { path, state: "broken", problem: "has no pyvenv.cfg, so it is not a virtual environment: move it away or remove it, then run the command again" };
  }
  if (!madeByPipshim(record, path)) {
    const tracked = await trackedByGit(path, ctx.env);
    if (tracked !== false) {
      const why = tracked ? "came with the git clone (git tracks it)" : "may have come with a git clone (git cannot tell)";
      return {
        path,
        state: "untrusted",
        problem:
          `${why}, so pipshim will not run it: it could run code nobody reviewed. ` +
          `If you trust it, use its pip yourself (${shown}/bin/pip install ...); otherwise remove it ` +
          `(git rm -r -q --cached ${shown} && rm -rf ${shown}) and pipshim will make a new one`,
      };
    }
  }
  let pythonWorks = false;
  try {
    pythonWorks = statSync(join(path, "bin", "python")).isFile();
  } catch {
    pythonWorks = false;
  }
  if (!pythonWorks) {
    return {
      path,
      state: "broken",
      problem:
        "has no working bin/python (was the Python it was made from removed or upgraded?): " +
        `recreate it (python3 -m venv --clear ${shown}) and reinstall its packages`,
    };
  }
  const state = existsSync(join(path, "bin", "pip")) ? "ready" : "no-pip";
  return ctx.withInstalled ? { path, state, installed: installedDistributions(path) } : { path, state };
}
