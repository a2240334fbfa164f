// The one PATH walker: PATH split as bin/pipshim's sh splits it, and the first executable file of
// a name on it (optionally skipping candidates: pipshim's own shims, pips already tried).

import { accessSync, constants, lstatSync, statSync } from "node:fs";

/**
 * PATH's folders as the shell's word splitting gives them (bin/pipshim: IFS=:, for dir in $PATH):
 * an empty PATH has none, a trailing ":" adds none, and an empty entry is the current folder.
 */
export function pathDirs(PATH: string): string[] {
  if (PATH === "") return [];
  return PATH.replace(/:$/, "")
    .split(":")
    .map((dir) => dir || ".");
}

export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` on PATH that `skip` (if given) does not rule out. */
export function findOnPath(name: string, PATH: string, skip?: (candidate: string) => boolean): string | undefined {
  for (const dir of pathDirs(PATH)) {
    const candidate = `${dir}/${name}`;
    if (isExecutableFile(candidate) && !skip?.(candidate)) return candidate;
  }
  return undefined;
}

/** `[ a -ef b ]`: both exist (links followed, unless told not to) and are one file. */
export function sameFile(a: string, b: string | undefined, followLinks = true): boolean {
  if (!b) return false;
  try {
    const x = followLinks ? statSync(a) : lstatSync(a);
    const y = followLinks ? statSync(b) : lstatSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}
