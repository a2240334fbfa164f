// The shell start-up files `pipshim setup` and `teardown` work on: where they are, reading them as
// they are (links included), and writing them back atomically with their mode and owner.

import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { UserError } from "../sys/output.js";
import type { Shell } from "../core/shell-code.js";
import { findBlock, readsBashrc, type BlockKind } from "../core/profile-block.js";

export interface ProfileTarget {
  path: string;
  kind: BlockKind;
}

export function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}

function bashrc(home: string): string {
  return join(home, ".bashrc");
}

/** What a bash login shell reads, in its order: it reads the first that it can open, and only that one. */
export function bashLoginFiles(home: string): string[] {
  return [".bash_profile", ".bash_login", ".profile"].map((name) => join(home, name));
}

function zshrc(env: NodeJS.ProcessEnv, home: string): string {
  return join(env.ZDOTDIR || home, ".zshrc");
}

/** fish runs every file in conf.d at start-up, so pipshim gets a file of its own there. */
function fishConfFile(env: NodeJS.ProcessEnv, home: string): string {
  const config = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(home, ".config");
  return join(config, "fish", "conf.d", "pipshim.fish");
}

/**
 * The bash login file that needs a block: the one bash reads, unless it reads ~/.bashrc itself
 * (then the ~/.bashrc block covers login shells too). With no login file at all, ~/.profile:
 * making ~/.bash_profile would hide a ~/.profile made later, while ~/.profile is read by login
 * shells of every sh, and its block only acts in bash.
 */
function bashLoginTarget(home: string): ProfileTarget | undefined {
  const read = bashLoginFiles(home).find((path) => existsSync(path));
  if (read === undefined) return { path: join(home, ".profile"), kind: "bash-login" };
  const text = readProfile(read).text ?? "";
  // A block already there stays and is kept up to date, even if the file has come to read ~/.bashrc.
  const needsBlock = !readsBashrc(text) || findBlock(text).kind !== "none";
  return needsBlock ? { path: read, kind: "bash-login" } : undefined;
}

/** The files `pipshim setup` puts a block in, for a shell. */
export function setupTargets(shell: Shell, env: NodeJS.ProcessEnv): ProfileTarget[] {
  const home = homeOf(env);
  switch (shell) {
    case "bash": {
      const login = bashLoginTarget(home);
      return [{ path: bashrc(home), kind: "bash" }, ...(login ? [login] : [])];
    }
    case "zsh":
      return [{ path: zshrc(env, home), kind: "zsh" }];
    case "fish":
      return [{ path: fishConfFile(env, home), kind: "fish" }];
  }
}

/** Every file where setup may have put a block for a shell (which login file bash reads may have changed since). */
export function teardownFiles(shell: Shell, env: NodeJS.ProcessEnv): string[] {
  const home = homeOf(env);
  if (shell === "bash") return [bashrc(home), ...bashLoginFiles(home)];
  return setupTargets(shell, env).map((target) => target.path);
}

export interface ProfileFile {
  path: string;
  /** Its text; null when there is no such file (or the link leads nowhere). */
  text: string | null;
  /** When it is a symbolic link: the file it leads to (the last of a chain), absolute. */
  link?: string;
}

/** UTF-8 that decodes strictly (and keeps a byte-order mark), so that writing it back gives the same bytes. */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function readText(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserError(`cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new UserError(`${path} is not UTF-8 text; pipshim leaves it alone`);
  }
}

export function readProfile(path: string): ProfileFile {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return { path, text: null };
  }
  if (stat.isSymbolicLink()) {
    const leadsSomewhere = existsSync(path);
    const link = leadsSomewhere ? realpathSync(path) : resolve(dirname(path), readlinkSync(path));
    return { path, link, text: leadsSomewhere ? readText(path) : null };
  }
  if (!stat.isFile()) throw new UserError(`${path} is not a file; pipshim leaves it alone`);
  return { path, text: readText(path) };
}

/**
 * Writes a profile as a whole new file moved into place (a shell starting meanwhile reads the old
 * file or the new one, never half of one), with the old file's mode and owner; null removes it.
 */
export function writeProfile(path: string, text: string | null): void {
  if (text === null) {
    unlinkSync(path);
    return;
  }
  const old = existsSync(path) ? statSync(path) : undefined;
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.pipshim-${process.pid}.tmp`);
  try {
    writeFileSync(temp, text, { flag: "wx" });
    if (old) keepModeAndOwner(temp, old);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new UserError(`cannot write ${path}: ${(e as Error).message}`);
  }
}

function keepModeAndOwner(path: string, old: { mode: number; uid: number; gid: number }): void {
  chmodSync(path, old.mode & 0o7777);
  const mine = statSync(path);
  if (mine.uid === old.uid && mine.gid === old.gid) return;
  try {
    chownSync(path, old.uid, old.gid); // root editing another user's file: it stays theirs
  } catch {
    // Not allowed (not root): the file becomes the writer's, as any editor would leave it.
  }
}
