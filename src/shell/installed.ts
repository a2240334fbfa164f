// Is the shell integration installed? The profile files `pipshim setup` writes to, and whether
// they hold its block (found by its start marker).

import { readFileSync } from "node:fs";
import { join } from "node:path";

export const BLOCK_START_PREFIX = "# >>> pipshim";

export function profileFiles(env: NodeJS.ProcessEnv, home: string): string[] {
  const zdot = env.ZDOTDIR || home;
  const config = env.XDG_CONFIG_HOME || join(home, ".config");
  return [
    join(home, ".bashrc"),
    join(home, ".bash_profile"),
    join(home, ".bash_login"),
    join(home, ".profile"),
    join(zdot, ".zshrc"),
    join(config, "fish", "conf.d", "pipshim.fish"),
  ];
}

export function profileStatus(env: NodeJS.ProcessEnv, home: string): { installed: boolean; files: string[] } {
  const files = profileFiles(env, home).filter((f) => {
    try {
      return readFileSync(f, "utf8").includes(BLOCK_START_PREFIX);
    } catch {
      return false;
    }
  });
  return { installed: files.length > 0, files };
}
