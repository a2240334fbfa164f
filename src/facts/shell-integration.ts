// Is the shell integration installed? The files `pipshim setup` may have written, for every shell,
// and which of them hold its block.

import { findBlock } from "../core/profile-block.js";
import { readProfile, teardownFiles } from "./profiles.js";
import { SHELLS } from "../core/shell-code.js";

export function profileStatus(env: NodeJS.ProcessEnv): { installed: boolean; files: string[] } {
  const files = [...new Set(SHELLS.flatMap((shell) => teardownFiles(shell, env)))].filter((path) => {
    try {
      return findBlock(readProfile(path).text ?? "").kind === "block";
    } catch {
      return false;
    }
  });
  return { installed: files.length > 0, files };
}
