// The project the current folder belongs to: the nearest ancestor (the folder itself included)
// holding one of a project's marks, and belonging to the user (facts/ownership.ts). The search
// stops below the home folder and below /: neither is ever a project, or every stray command in
// $HOME would make a ~/.venv.

import { readdirSync, realpathSync, statSync } from "node:fs";
import { projectFolderOk } from "./ownership.js";
import { dirname } from "node:path";

/** What makes a folder a project (".venv" stands for the venvName setting); bin/pipshim has the same list (_pipshim_marks). */
export const PROJECT_MARKS = ["pyproject.toml", "setup.py", "setup.cfg", "requirements*.txt", "Pipfile", ".venv", ".git"];

function markerIn(entries: Set<string>, venvName: string): string | undefined {
  for (const m of PROJECT_MARKS) {
    if (m === "requirements*.txt") {
      const req = [...entries].sort().find((e) => e.startsWith("requirements") && e.endsWith(".txt"));
      if (req) return req;
    } else if (entries.has(m === ".venv" ? venvName : m)) {
      return m === ".venv" ? venvName : m;
    }
  }
  return undefined;
}

function resolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** A folder that another user owns, or that every user can write to (/tmp), is not a project. */
function eligible(dir: string): boolean {
  try {
    return projectFolderOk(statSync(dir));
  } catch {
    return false;
  }
}

export function findProject(cwd: string, home: string, venvName: string): { root: string; foundBy: string } | null {
  // Compared as real paths: HOME may be reached through a symlink, or end with a "/".
  const stop = resolved(home);
  for (let dir = resolved(cwd); dir !== stop && dir !== "/"; ) {
    let entries: Set<string>;
    try {
      entries = new Set(readdirSync(dir));
    } catch {
      entries = new Set();
    }
    const marker = markerIn(entries, venvName);
    if (marker && eligible(dir)) return { root: dir, foundBy: marker };
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}
