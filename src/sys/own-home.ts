// `sudo -E pip install ...` (or `sudo --preserve-env`): root, with another user's HOME. Whatever
// root writes there (pipshim's folders, pipx's, pip's cache) would belong to root, and that user's
// next `pip install` would fail on it (EACCES). pipshim then uses root's own folders (its home in
// the password database): HOME, and every XDG_* or PIPX_* folder inside that user's home, are
// root's for pipshim and for the programs it runs; it says so once per call.

import { lstatSync, statSync } from "node:fs";
import { userInfo } from "node:os";
import { dirname, join } from "node:path";

/** The variables that name a folder pipshim, pip or pipx writes in. */
const FOLDERS = ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "PIPX_HOME", "PIPX_BIN_DIR", "PIPX_SHARED_LIBS"];

const XDG_DEFAULTS: [string, string][] = [
  ["XDG_CONFIG_HOME", ".config"],
  ["XDG_DATA_HOME", ".local/share"],
  ["XDG_CACHE_HOME", ".cache"],
  ["XDG_STATE_HOME", ".local/state"],
];

/** The owner of `path`, or of its nearest folder that exists. */
function ownerOf(path: string): number | undefined {
  for (let p = path; ; p = dirname(p)) {
    try {
      return lstatSync(p).uid;
    } catch {
      if (p === dirname(p)) return undefined;
    }
  }
}

function inside(path: string, folder: string): boolean {
  const f = folder.replace(/\/+$/, "");
  return path === f || path.startsWith(`${f}/`);
}

export interface OwnFolders {
  /** The other user's home, and its owner. */
  home: string;
  owner: number;
  /** root's own home, used instead. */
  own: string;
}

/**
 * Whether this process is root with a HOME that belongs to another user; then `env` (changed in
 * place) names root's own folders instead. Undefined (and `env` unchanged) otherwise.
 */
export function useOwnFolders(env: NodeJS.ProcessEnv, uid = process.getuid?.()): OwnFolders | undefined {
  const home = env.HOME;
  if (uid !== 0 || !home || !home.startsWith("/")) return undefined;
  let owner: number;
  try {
    owner = statSync(home).uid;
  } catch {
    return undefined;
  }
  if (owner === 0) return undefined;
  let own: string;
  try {
    own = userInfo().homedir;
  } catch {
    own = "/root";
  }
  if (!own || own === home) return undefined;
  for (const k of FOLDERS) {
    const v = env[k];
    if (v === undefined) continue;
    const o = v.startsWith("/") ? ownerOf(v) : undefined;
    if (!v.startsWith("/") || inside(v, home) || (o !== undefined && o !== 0)) delete env[k];
  }
  env.HOME = own;
  // Named outright: a library that read the home folder once, when it was loaded (env-paths
  // does), then finds root's.
  for (const [k, rel] of XDG_DEFAULTS) env[k] ??= join(own, rel);
  return { home, owner, own };
}

/** The one line that says so. */
export function ownFoldersNote(o: OwnFolders): string {
  return `running as root with HOME=${o.home}, which belongs to uid ${o.owner} (sudo -E): pipshim uses root's own folders (${o.own}) and writes nothing there`;
}

let adopted: OwnFolders | undefined;

/** Done once, first thing: this process's own environment (and so every child's, and homedir()). */
export function adoptOwnFolders(): OwnFolders | undefined {
  adopted ??= useOwnFolders(process.env);
  return adopted;
}

/** What adoptOwnFolders changed, if anything. */
export function adoptedOwnFolders(): OwnFolders | undefined {
  return adopted;
}
