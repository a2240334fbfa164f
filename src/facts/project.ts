// The project the current folder belongs to: the nearest ancestor (the folder itself included)
// holding one of a project's marks. The search stops below the home folder and below /: neither is
// ever a project, or every stray command in $HOME would make a ~/.venv.

import { readdirSync } from "node:fs";
import { dirname } from "node:path";

const MARKERS = ["pyproject.toml", "setup.py", "setup.cfg", "requirements*.txt", "Pipfile", ".venv", ".git"];

function markerIn(entries: Set<string>, venvName: string): string | undefined {
  for (const m of MARKERS) {
    if (m === "requirements*.txt") {
      const req = [...entries].sort().find((e) => e.startsWith("requirements") && e.endsWith(".txt"));
      if (req) return req;
    } else if (entries.has(m === ".venv" ? venvName : m)) {
      return m === ".venv" ? venvName : m;
    }
  }
  return undefined;
}

export function findProject(cwd: string, home: string, venvName: string): { root: string; marker: string } | null {
  for (let dir = cwd; dir !== home && dir !== "/"; ) {
    let entries: Set<string>;
    try {
      entries = new Set(readdirSync(dir));
    } catch {
      entries = new Set();
    }
    const marker = markerIn(entries, venvName);
    if (marker) return { root: dir, marker };
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}
