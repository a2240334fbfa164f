// What the system Python has installed, so that a test can assert it gained nothing: the
// names in its site folders (and in /usr/local/bin, where a system pip puts commands): an install
// or an upgrade adds or renames a .dist-info there. Only what this run could have written is
// compared there (the fixture packages are all named ps*, their commands too; pipx's shared
// .pth; any .pth naming a test sandbox), so that another process installing something on the
// same machine cannot fail a test; the folders the test passes (its own HOME's) are compared whole.

import { readdirSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

let dirs: string[] | undefined;

function systemDirs(): string[] {
  if (!dirs) {
    const out = execFileSync("/usr/bin/python3", ["-c", "import site, sys; print('\\n'.join(site.getsitepackages()))"], {
      encoding: "utf8",
      env: { PATH: "/usr/bin:/bin", HOME: "/nonexistent" },
    });
    dirs = [...out.split("\n").filter(Boolean), "/usr/local/bin", "/root/.local/lib"];
  }
  return dirs;
}

/** Whether an entry of a system folder is one a test of this suite could have made. */
function ours(dir: string, name: string): boolean {
  if (/^ps[a-z_]*([-.]|$)/i.test(name) || name === "pipx_shared.pth") return true;
  if (!name.endsWith(".pth")) return false;
  try {
    return readFileSync(`${dir}/${name}`, "utf8").includes("pipshim-e2e-");
  } catch {
    return true;
  }
}

export function systemSnapshot(extraDirs: string[] = [], system: string[] = systemDirs()): string {
  const lines: string[] = [];
  for (const dir of [...system, ...extraDirs]) {
    let entries: string[] = [];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      lines.push(`${dir}: (none)`);
      continue;
    }
    const mine = extraDirs.includes(dir) && !system.includes(dir);
    for (const e of entries) if (e !== "__pycache__" && (mine || ours(dir, e))) lines.push(`${dir}/${e}`);
  }
  return lines.join("\n");
}
