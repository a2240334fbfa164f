// PATH look-ups.

import { accessSync, constants, statSync } from "node:fs";

export function findOnPath(name: string, PATH: string): string | undefined {
  for (const dir of PATH.split(":")) {
    if (!dir) continue;
    const candidate = `${dir}/${name}`;
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // not here
    }
  }
  return undefined;
}
