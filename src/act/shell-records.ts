// What bin/pipshim may know without starting Node.js, kept by the Node.js side in a form the shell
// reads with builtins only (`[ -e ]`, `[ -ef ]`, `[ -nt ]`, `[ -O ]`, `read`), in pipshim's cache
// folder, under `shell/` (kept private: 0700, and the shell believes nothing there that is not
// the user's own):
//
//   shell/settings                  venvName, "on"/"off" (the defaultEnv setting), the number of
//                                   configured applications, "on"/"off" (quiet): valid while
//                                   newer than the settings file.
//   shell/managed<interpreter>      a symbolic link to its EXTERNALLY-MANAGED file: it exists
//                                   (`[ -e ]` follows the link) while the marker does.
//   shell/default<interpreter>      the path of pipshim's default environment for that
//                                   interpreter, while it exists and is usable.
//   shell/trusted<venv>/            pipshim found that environment usable, and made by pipshim or
//                                   trusted by the user, as it was then:
//       pyvenv.cfg                  a hard link to its pyvenv.cfg (`-ef`: that very file; the
//                                   link also keeps its inode from being reused)
//       python                      a hard link to bin/python (a symbolic link is linked as
//                                   itself; `-ef` compares what both lead to)
//       site                        its site-packages folder's path (a .pth file dropped in since
//                                   changes that folder's times)
//       git                         for an environment inside a git work tree: the folder holding
//                                   .git, and git's index (git add, a checkout change it); empty:
//                                   no .git above the environment (one appearing there is a change)
//       ids                         what `stat --printf '%d:%i:%s:%.9Y:%.9Z '` prints (device,
//                                   inode, size, modification and change time to the nanosecond)
//                                   for the environment's folder, pyvenv.cfg, bin/, lib/,
//                                   lib/pythonX.Y and site-packages (the first line), then a line "NAME ..." for
//                                   each entry of bin/ (as itself, never followed), and
//                                   "/git ..." for git's index. The change
//                                   time cannot be set back: a file written over in place, with
//                                   its old modification time restored or not, a folder replaced
//                                   by one holding hard links to the old one's files, a chmod or
//                                   a chown, all change what stat prints, and the shell (which
//                                   runs stat once per call it vouches for) then asks Node.js.
//       notice                      for an install the shell may carry out itself
//                                   (src/core/shell-install.ts): the interpreter, HOME and the
//                                   project's mark it was said for, then the lines pipshim says
//                                   (recordInstallNotice); dist/run_pip.py rewrites ids after pip
//                                   ran, under the environment's lock
//   shell/refused<venv>/            pipshim refused it (untrusted, broken): pyvenv.cfg as above,
//                                   and ids, what stat prints for the folder, pyvenv.cfg, bin/,
//                                   lib/, lib/python*, site-packages (where there), so that the
//                                   shell need not ask again until one changes (a forged one
//                                   could only make it run the real program).
//
// A record that does not match sends the call to Node.js, which looks again and writes it anew;
// none ever sends a call to an environment pipshim has not checked. The pyvenv.cfg link is made
// last and removed first, so a shell reading meanwhile finds no record rather than half of one.
// Best effort: a record that cannot be written (another file system for a hard link, a
// read-only cache) is simply absent. None is kept in a cache folder another user could write to
// (that folder, or one on the way to it: recordsProblem): the user is told once, in one line.

import { chmodSync, existsSync, linkSync, lstatSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isUsable, type VenvFacts } from "../core/facts.js";
import { wayProblem } from "../facts/ownership.js";
import type { Settings } from "../core/settings.js";
import { makeDir } from "../sys/fs.js";
import { sameFile } from "../sys/path.js";

function quietly(f: () => void): void {
  try {
    f();
  } catch {
    // best effort: the shell then asks Node.js, or runs the real program
  }
}

let toldAboutCache = false;

/**
 * The records' folder, made private (the shell believes only the user's own). Never in a cache
 * folder another user could write to, or reach by a folder another user could write to (a shared
 * XDG_CACHE_HOME): a record there could be another user's forgery, so none is kept (said once).
 */
function recordsDir(cacheDir: string): string {
  const problem = wayProblem(cacheDir);
  if (problem !== undefined) {
    if (!toldAboutCache) process.stderr.write(`pipshim: keeping no shell records in ${cacheDir}: ${problem} (the shims then ask pipshim every time)\n`);
    toldAboutCache = true;
    throw new Error(problem);
  }
  const dir = join(cacheDir, "shell");
  makeDir(dir, 0o700);
  for (const d of [cacheDir, dir]) {
    const st = statSync(d);
    if ((st.mode & 0o077) !== 0) chmodSync(d, st.mode & 0o700);
  }
  return dir;
}

/** A new name put in place atomically: made beside it, then renamed over it. */
function place(path: string, make: (tmp: string) => void): void {
  makeDir(dirname(path), 0o700);
  const tmp = `${path}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  try {
    make(tmp);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

export function venvRecord(cacheDir: string, venv: string): string {
  return join(cacheDir, "shell", "trusted", venv, "pyvenv.cfg");
}

function refusedRecord(cacheDir: string, venv: string): string {
  return join(cacheDir, "shell", "refused", venv, "pyvenv.cfg");
}

/** The site-packages folder of an environment (lib/python3.X/site-packages). */
function sitePackages(venv: string): string | undefined {
  try {
    const cfg = readFileSync(join(venv, "pyvenv.cfg"), "utf8");
    const v = /^\s*version(?:_info)?\s*=\s*(\d+)\.(\d+)/m.exec(cfg);
    if (v) {
      const dir = join(venv, "lib", `python${v[1]}.${v[2]}`, "site-packages");
      if (existsSync(dir)) return dir;
    }
  } catch {
    // then by looking
  }
  return undefined;
}

/** Writes the trusted record of a usable environment as it is now (src/facts/venv.ts judged it). */
function writeTrusted(cacheDir: string, venv: VenvFacts): void {
  const dir = dirname(venvRecord(cacheDir, venv.path));
  const cfg = join(venv.path, "pyvenv.cfg");
  const python = join(venv.path, "bin", "python");
  const site = sitePackages(venv.path);
  if (!lstatSync(cfg).isFile() || site === undefined) throw new Error("no record for this environment");
  const link = join(dir, "pyvenv.cfg");
  if (!sameFile(link, cfg, false)) rmSync(link, { force: true });
  rmSync(join(dir, "ids"), { force: true });
  // What earlier records held (times copied to the millisecond only): gone.
  for (const old of ["cfg.stamp", "python.stamp", "site.stamp", "git.stamp"]) rmSync(join(dir, old), { force: true });
  if (!sameFile(join(dir, "python"), python, false)) place(join(dir, "python"), (tmp) => linkSync(python, tmp));
  place(join(dir, "site"), (tmp) => writeFileSync(tmp, `${site}\n`));
  const git = venv.gitIndex && venv.gitTop ? { top: venv.gitTop, index: venv.gitIndex } : undefined;
  place(join(dir, "git"), (tmp) => writeFileSync(tmp, git ? `${git.top}\n${git.index}\n` : ""));
  if (!sameFile(link, cfg, false)) place(link, (tmp) => linkSync(cfg, tmp));
  // Last: every hard link above changed a change time.
  place(join(dir, "ids"), (tmp) => writeFileSync(tmp, identities(venv.path, site, git?.index)));
}

/** One entry as GNU stat's `%d:%i:%s:%.9Y:%.9Z ` prints it (not followed). */
function statIdentity(path: string): string {
  const st = lstatSync(path, { bigint: true });
  const t = (ns: bigint) => `${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, "0")}`;
  return `${st.dev}:${st.ino}:${st.size}:${t(st.mtimeNs)}:${t(st.ctimeNs)} `;
}

/**
 * The ids record: the folder, pyvenv.cfg, bin/, lib/, lib/pythonX.Y and site-packages, then each entry of bin/ by
 * name, and "/git ..." for git's index where there is one (a name no entry can have).
 */
function identities(venv: string, site: string, gitIndex?: string): string {
  const lines = [[venv, join(venv, "pyvenv.cfg"), join(venv, "bin"), dirname(dirname(site)), dirname(site), site].map(statIdentity).join("")];
  if (gitIndex !== undefined && existsSync(gitIndex)) lines.push(`/git ${statIdentity(gitIndex)}`);
  for (const name of readdirSync(join(venv, "bin")).sort()) {
    if (/^[^\s]+$/.test(name)) lines.push(`${name} ${statIdentity(join(venv, "bin", name))}`);
  }
  return lines.join("\n") + "\n";
}

/** Takes a trusted record away: the link the shell matches first, then the rest of it. */
function removeTrusted(cacheDir: string, venvPath: string): void {
  const dir = dirname(venvRecord(cacheDir, venvPath));
  for (const f of ["pyvenv.cfg", "ids", "python", "site", "git", "notice", "cfg.stamp", "python.stamp", "site.stamp", "git.stamp"]) rmSync(join(dir, f), { force: true });
}

/** Writes the record of a refused environment (its pyvenv.cfg as it is now). */
function writeRefused(cacheDir: string, venvPath: string): void {
  const cfg = join(venvPath, "pyvenv.cfg");
  const link = refusedRecord(cacheDir, venvPath);
  if (!lstatSync(cfg).isFile()) throw new Error("no record for this environment");
  if (!sameFile(link, cfg, false)) rmSync(link, { force: true });
  rmSync(join(dirname(link), "cfg.stamp"), { force: true });
  if (!sameFile(link, cfg, false)) place(link, (tmp) => linkSync(cfg, tmp));
  place(join(dirname(link), "ids"), (tmp) => writeFileSync(tmp, refusedIdentities(venvPath)));
}

/**
 * The ids of a refused record: "PATH ..." (relative to the environment) for the folder,
 * pyvenv.cfg and, where they are, bin/, lib/, lib/python*, their site-packages: a refusal for an
 * inside another user could write ends when that changes (its change time does).
 */
function refusedIdentities(venv: string): string {
  const rels = [".", "pyvenv.cfg", "bin", "lib"];
  try {
    for (const d of readdirSync(join(venv, "lib")).sort()) if (/^python[^\s]*$/.test(d)) rels.push(`lib/${d}`, `lib/${d}/site-packages`);
  } catch {
    // no lib/
  }
  const lines: string[] = [];
  for (const rel of rels) {
    try {
      lines.push(`${rel} ${statIdentity(join(venv, rel))}`);
    } catch {
      // not there
    }
  }
  return lines.join("\n") + "\n";
}

/**
 * Records what pipshim found an environment to be: usable and trusted (the shell may run it),
 * refused (the shell need not ask again), or missing (nothing to keep).
 */
export function recordVenv(cacheDir: string, venv: VenvFacts): void {
  quietly(() => {
    recordsDir(cacheDir);
    const usable = isUsable(venv);
    const refused = venv.state === "untrusted" || venv.state === "broken";
    if (!usable) removeTrusted(cacheDir, venv.path);
    if (!refused) rmSync(refusedRecord(cacheDir, venv.path), { force: true });
    if (usable) writeTrusted(cacheDir, venv);
    else if (refused) writeRefused(cacheDir, venv.path);
  });
}

/** Records whether an interpreter (by each path it goes by) is externally managed. */
export function recordInterpreter(cacheDir: string, paths: string[], marker: string | null): void {
  quietly(() => {
    const dir = recordsDir(cacheDir);
    for (const p of new Set(paths)) {
      const record = join(dir, "managed", p);
      quietly(() => {
        if (marker === null) return rmSync(record, { force: true });
        try {
          if (readlinkSync(record) === marker) return;
        } catch {
          // none yet
        }
        place(record, (tmp) => symlinkSync(marker, tmp));
      });
    }
  });
}

/** Records pipshim's default environment for an interpreter (by each path it goes by), or forgets it. */
export function recordDefaultEnv(cacheDir: string, paths: string[], env: VenvFacts): void {
  quietly(() => {
    const dir = recordsDir(cacheDir);
    for (const p of new Set(paths)) {
      const record = join(dir, "default", p);
      quietly(() => {
        if (!isUsable(env)) return rmSync(record, { force: true });
        const text = `${env.path}\n`;
        try {
          if (readFileSync(record, "utf8") === text) return;
        } catch {
          // none yet
        }
        place(record, (tmp) => writeFileSync(tmp, text));
      });
    }
  });
}

/** The settings the shell reads (bin/pipshim, _pipshim_settings), when the settings file is newer than the record. */
export function recordSettings(cacheDir: string, settingsFile: string, settings: Settings): void {
  quietly(() => {
    const record = join(recordsDir(cacheDir), "settings");
    const text = `${settings.venvName}\n${settings.defaultEnv ? "on" : "off"}\n${settings.apps.length}\n${settings.quiet ? "on" : "off"}\n`;
    try {
      const mine = statSync(record);
      let theirs;
      try {
        theirs = statSync(settingsFile);
      } catch {
        theirs = undefined;
      }
      if ((theirs === undefined || mine.mtimeMs > theirs.mtimeMs) && readFileSync(record, "utf8") === text) return;
    } catch {
      // none yet
    }
    place(record, (tmp) => writeFileSync(tmp, text));
  });
}

export interface InstallNotice {
  /** The interpreter pip's refusal is about (the real pip's), as the shell reads it from pip's first line. */
  interpreter: string;
  home: string;
  /** XDG_CONFIG_HOME as it was ("" when unset): it moves pip's user configuration file. */
  xdgConfigHome: string;
  /** The project's mark that made it a project. */
  foundBy: string;
  /** Every configuration file pip would read (there or not), as Node.js judged them (src/core/shell-install.ts). */
  pipConfigPaths: string[];
  /** The lines pipshim says for an install into that environment (each with its "pipshim: "). */
  lines: string[];
}

/**
 * The notice for an install into a trusted environment that the shell may carry out itself
 * (src/core/shell-install.ts): what pipshim says, with what it depends on, so that the shell says
 * exactly what Node.js would, and only while pip's configuration files are the ones Node.js read
 * (bin/pipshim, _pipshim_fast_install). Kept with the trusted record. Lines: the interpreter,
 * HOME, XDG_CONFIG_HOME, the project's mark, the number of configuration files, then for each
 * "<what stat prints, or -> <path>", then what pipshim says.
 */
export function recordInstallNotice(cacheDir: string, venvPath: string, notice: InstallNotice): void {
  quietly(() => {
    recordsDir(cacheDir);
    const dir = dirname(venvRecord(cacheDir, venvPath));
    if (!existsSync(join(dir, "pyvenv.cfg"))) return;
    const files = notice.pipConfigPaths.map((path) => {
      let st;
      try {
        st = lstatSync(path);
      } catch {
        return `- ${path}`;
      }
      // A link could be pointed elsewhere with nothing the shell would see: no notice.
      if (!st.isFile()) throw new Error(`${path} is not a file`);
      return `${statIdentity(path).trimEnd()} ${path}`;
    });
    const lines = [notice.interpreter, notice.home, notice.xdgConfigHome, notice.foundBy, String(files.length), ...files, ...notice.lines];
    if (lines.some((l) => /[\n\r\0]/.test(l))) return;
    const text = [...lines, ""].join("\n");
    try {
      if (readFileSync(join(dir, "notice"), "utf8") === text) return;
    } catch {
      // none yet
    }
    place(join(dir, "notice"), (tmp) => writeFileSync(tmp, text));
  });
}
