// The real pip behind pipshim's shims: the first `pip` (or the name that was called) on PATH that
// is not a pipshim shim. The same search as bin/pipshim's, for the commands that run without the
// shell entry point (explain, doctor); test/shim/real-pip-search.test.ts runs one table against both.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { findOnPath, sameFile } from "../sys/path.js";

/** The file that marks a folder of pipshim's shims (bin/pipshim skips such folders too). */
export const SHIMS_FOLDER_MARK = ".pipshim-shims";

export interface RealPipSearch {
  name: string;
  PATH: string;
  /** The shim that is running (skipped by identity: same file, whatever the path to it). */
  self?: string;
  /** PIPSHIM_CHAIN as inherited, and this process's and its parent's ids. */
  chain?: string;
  pid: number;
  ppid: number;
}

export interface RealPipFound {
  /** The real pip, or undefined when there is none. */
  real?: string;
  /** PIPSHIM_CHAIN for the programs this call runs. */
  chain: string;
}


/** A program in a folder of pipshim's shims (the folder as the path names it, as bin/pipshim sees it). */
export function isPipshimShim(path: string): boolean {
  return existsSync(join(dirname(path), SHIMS_FOLDER_MARK));
}

/** Tried pips recorded by a shim that ran as this process or as its parent. */
function triedBefore(chain: string | undefined, pid: number, ppid: number): string {
  if (!chain) return "";
  const space = chain.indexOf(" ");
  if (space < 0) return "";
  const owner = chain.slice(0, space);
  return owner === String(pid) || owner === String(ppid) ? chain.slice(space + 1) : "";
}

export function findRealPip(s: RealPipSearch): RealPipFound {
  const tried = triedBefore(s.chain, s.pid, s.ppid);
  const triedSet = new Set(tried.split(":"));
  const real = findOnPath(s.name, s.PATH, (c) => sameFile(c, s.self) || triedSet.has(c) || isPipshimShim(c));
  return { real, chain: `${s.pid} ${tried}:${real ?? ""}` };
}
