// What the system Python has installed, so that a test can assert it gained nothing: the
// names in its site folders (and in /usr/local/bin, where a system pip puts commands): an install
// or an upgrade adds or renames a .dist-info there.

import { readdirSync } from "node:fs";
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

export function systemSnapshot(extraDirs: string[] = []): string {
  const lines: string[] = [];
  for (const dir of [...systemDirs(), ...extraDirs]) {
    let entries: string[] = [];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      lines.push(`${dir}: (none)`);
      continue;
    }
    for (const e of entries) if (e !== "__pycache__") lines.push(`${dir}/${e}`);
  }
  return lines.join("\n");
}
