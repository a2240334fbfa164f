// Whose is a folder or file? pipshim treats a folder as a project, and runs or activates an
// environment, only when it belongs to the user running pipshim and no one else can write to it:
// a .venv that another user left in a shared folder such as /tmp is not the user's (as git's
// safe.directory), and a site-packages folder another user can write to lets that user's .pth
// file run as this user.

import { lstatSync, statSync, type Stats } from "node:fs";
import { dirname, resolve } from "node:path";

type Owned = Pick<Stats, "uid" | "gid" | "mode">;

const uid = () => process.getuid?.();

/** Written to by other users: anyone, or a group that is not the user's own. */
function othersCanWrite(st: Owned): boolean {
  return (st.mode & 0o002) !== 0 || ((st.mode & 0o020) !== 0 && st.gid !== process.getgid?.());
}

function ownedByUser(st: Owned): boolean {
  const me = uid();
  return (me === undefined || st.uid === me) && (st.mode & 0o002) === 0;
}

/** A folder that can be a project: the user's, no one else's to write, not a shared one (sticky, as /tmp). */
export function projectFolderOk(st: Owned): boolean {
  return ownedByUser(st) && (st.mode & 0o1000) === 0;
}

export function ownerProblem(st: Owned): string | undefined {
  const me = uid();
  if (me !== undefined && st.uid !== me) return `belongs to another user (uid ${st.uid})`;
  if ((st.mode & 0o002) !== 0) return "can be written by every user";
  if (othersCanWrite(st)) return `can be written by the users of group ${st.gid}`;
  return undefined;
}

/** The same for a path that may be missing (nothing to say then), followed if a symbolic link (whose own mode is always 777). */
export function ownerProblemAt(path: string): string | undefined {
  try {
    return ownerProblem(statSync(path));
  } catch {
    return undefined;
  }
}

/** A program file the user may run as their own: the user's or the system's (root's), and no one else's to write. */
export function programProblem(st: Owned): string | undefined {
  const me = uid();
  if (me !== undefined && st.uid !== me && st.uid !== 0) return `belongs to another user (uid ${st.uid})`;
  if (othersCanWrite(st)) return "can be written by other users";
  return undefined;
}

/**
 * What lets another user change what lies in the folder `dir` (pipshim's cache folder, where the
 * shell's records are): the folder itself not the user's, or writable by others; or a folder on
 * the way to it (each, up to /) that is neither the user's nor root's, or that others can write
 * to without the sticky bit (in /tmp, 1777, no one renames another user's entries). A folder not
 * made yet counts from the nearest one that is there. Undefined: none.
 */
export function wayProblem(dir: string): string | undefined {
  const me = uid();
  if (me === undefined) return undefined;
  const own = resolve(dir);
  let path = own;
  for (;;) {
    let st: Stats | undefined;
    try {
      st = lstatSync(path);
    } catch {
      st = undefined;
    }
    if (st !== undefined) {
      if (st.isSymbolicLink()) {
        if (st.uid !== me && st.uid !== 0) return `${path} is a symbolic link of another user's (uid ${st.uid})`;
        try {
          st = statSync(path);
        } catch {
          return `${path} is a dangling symbolic link`;
        }
      }
      if (path === own) {
        if (st.uid !== me) return `${path} belongs to another user (uid ${st.uid})`;
        if (othersCanWrite(st)) return `${path} can be written by other users`;
      } else {
        if (st.uid !== me && st.uid !== 0) return `${path} belongs to another user (uid ${st.uid})`;
        if (othersCanWrite(st) && (st.mode & 0o1000) === 0) return `${path} can be written by other users`;
      }
    }
    const up = dirname(path);
    if (up === path) return undefined;
    path = up;
  }
}
