// PATH look-ups.

import { accessSync, constants, statSync } from "node:fs";

export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findOnPath(name: string, PATH: string): string | undefined {
  return PATH.split(":")
    .filter(Boolean)
    .map((dir) => `${dir}/${name}`)
    .find(isExecutableFile);
}
