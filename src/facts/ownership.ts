// Whose is a folder? pipshim treats a folder as a project, and runs or activates an environment,
// only when it belongs to the user running pipshim and not everyone can write to it: a .venv that
// another user left in a shared folder such as /tmp is not the user's (as git's safe.directory).

import { statSync, type Stats } from "node:fs";

export function ownedByUser(st: Stats): boolean {
  const uid = process.getuid?.();
  return (uid === undefined || st.uid === uid) && (st.mode & 0o002) === 0;
}

export function ownerProblem(st: Stats): string | undefined {
  if (ownedByUser(st)) return undefined;
  return (st.mode & 0o002) !== 0 ? "can be written by every user" : `belongs to another user (uid ${st.uid})`;
}

/** The same for a path that may be missing (nothing to say then), followed if a symbolic link (whose own mode is always 777). */
export function ownerProblemAt(path: string): string | undefined {
  try {
    return ownerProblem(statSync(path));
  } catch {
    return undefined;
  }
}
