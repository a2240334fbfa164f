// The shell start-up files `pipshim setup` and `teardown` work on: where they are, and reading them
// as they are (links included). src/act/profiles.ts writes them.

import { existsSync, lstatSync, readlinkSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { readRegularBytes } from "../sys/fs.js";
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
function bashLoginFiles(home: string): string[] {
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

function readProfileText(path: string): string {
  const read = readRegularBytes(path);
  if (!read.ok) throw new UserError(read.code === "ENOTREG" ? `${read.message}; pipshim leaves it alone` : read.message);
  try {
    return UTF8.decode(read.bytes);
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
    return { path, link, text: leadsSomewhere ? readProfileText(path) : null };
  }
  if (!stat.isFile()) throw new UserError(`${path} is not a file; pipshim leaves it alone`);
  return { path, text: readProfileText(path) };
}
