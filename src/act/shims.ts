// The folder of shims the user puts first on PATH, made for this user and this machine (as pyenv's
// rehash does): pipshim's data folder's `shims/` (src/sys/install-root.ts, shimsFolder), never the
// install's own files. It holds
//   - pip, pip3 and python3, always; python, pip3.X and python3.X for every one a real program on
//     PATH has, and python and python3.X for every one a project's environment below has (removed when
//     none has any more, so `command -v python3.12` never finds a shim with nothing behind it; a
//     project's .venv/bin/python runs there though the system has no python);
//   - a shim for every command an environment pipshim made or the user trusted provides (pytest,
//     flask, ...: the names in its bin/ that pass commandName), removed when none provides it any
//     more; at run time each execs the place's command, or the real one (bin/pipshim);
//   - .pipshim-shims, by which the search for a real program skips the folder, and .places, the
//     environments whose commands have shims (with the rule for their names): the Python side of
//     a handed-over install (src/python/run_pip.py) reads it to add and remove command shims
//     after pip, as this module does.
// Each shim is a copy of one of the install's templates (shims/pip under /bin/bash -p, for the
// caller's exact environment; shims/python under /bin/sh, the fastest start, for python names and
// commands) with this install's folder written in. On a system without /bin/bash the pip shims
// get /bin/sh. Written atomically (a new file renamed into place).

import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isPipshimShim, SHIMS_FOLDER_MARK } from "../facts/real-program.js";
import { isExecutableFile } from "../sys/path.js";
import { makeDir } from "../sys/fs.js";
import type { Install } from "../sys/install-root.js";
import { knownEnvironments } from "../facts/records.js";

const FIXED = ["pip", "pip3", "python3"];
const MADE = /^(python|(pip|python)3\.[0-9]+)$/;

/**
 * The names a command shim may have: a plain file name (letters, digits, `._+-`, not starting
 * with `-` or `.`), and none of pip's or python's (their own shims), the activation scripts, or
 * pipshim itself. One rule, written to .places for the Python side (test/unit/shims.test.ts runs
 * one table against both).
 */
export const COMMAND_NAME = "^(?!(?:pip|python)[-0-9.]*$|[Aa]ctivate|deactivate|pipshim$)[A-Za-z0-9_][A-Za-z0-9._+-]*$";
const commandName = new RegExp(COMMAND_NAME);

export function isCommandName(name: string): boolean {
  return commandName.test(name);
}

/** The names a real program on PATH goes by, of those pipshim makes python and pip shims for. */
function versionedNames(PATH: string): Set<string> {
  const names = new Set<string>();
  for (const dir of PATH.split(":").filter(Boolean)) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const e of entries) {
      if (!MADE.test(e) || names.has(e)) continue;
      const p = join(dir, e);
      if (!isPipshimShim(p) && isExecutableFile(p)) names.add(e);
    }
  }
  return names;
}

/** The executable files in an environment's bin/ whose names pass `ok`, sorted. */
function binEntries(venv: string, ok: (name: string) => boolean): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(venv, "bin"));
  } catch {
    return [];
  }
  return entries.filter((e) => ok(e) && isExecutableFile(join(venv, "bin", e))).sort();
}

/** The python names an environment's bin/ has (python, python3.X): python3 has its shim always. */
function pythonsOf(venv: string): string[] {
  return binEntries(venv, (e) => /^python(3\.[0-9]+)?$/.test(e));
}

/** The commands an environment provides: the executable files in its bin/ with a command's name. */
function commandsOf(venv: string): string[] {
  return binEntries(venv, isCommandName);
}

export interface ShimSync {
  added: string[];
  removed: string[];
}

const BASH = "#!/bin/bash -p\n";
const SH = "#!/bin/sh\n";
const ROOT = "@PIPSHIM_ROOT@";

/** A template's text for this install and system: the install's folder written in; a bash shim under /bin/sh where there is no /bin/bash. */
function shimText(template: string, root: string, hasBash: boolean): string {
  let text = template.replace(`'${ROOT}'`, `'${root.replace(/'/g, `'\\''`)}'`);
  if (text.startsWith(BASH) && !hasBash) text = SH + text.slice(BASH.length);
  return text;
}

/** Writes a file's text unless it holds it already; true when written. */
function writeIfChanged(path: string, text: string, mode = 0o755): boolean {
  try {
    if (statSync(path).isFile() && readFileSync(path, "utf8") === text) return false;
  } catch {
    // missing
  }
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
  return true;
}

/** bin/pipshim itself, run as a program, under bash -p where there is bash (best effort: it may not be the user's to write). */
function entryForThisSystem(bin: string, hasBash: boolean): void {
  try {
    const text = readFileSync(bin, "utf8");
    const body = text.startsWith(BASH) ? text.slice(BASH.length) : text.startsWith(SH) ? text.slice(SH.length) : undefined;
    if (body !== undefined) writeIfChanged(bin, (hasBash ? BASH : SH) + body, statSync(bin).mode & 0o7777);
  } catch {
    // not ours to write: the shims still work
  }
}

export interface ShimsRequest {
  install: Install;
  PATH: string;
  /** The environments whose commands get shims (made by pipshim, or trusted). */
  places: string[];
  hasBash?: boolean;
}

/**
 * Brings the shims folder in line with PATH and the places' commands. Throws when the folder
 * cannot be made or written.
 */
export function syncShims(r: ShimsRequest): ShimSync {
  const { install } = r;
  const hasBash = r.hasBash ?? isExecutableFile("/bin/bash");
  const dir = install.shimsDir;
  makeDir(dir, 0o755);
  const pipText = shimText(readFileSync(join(install.templates, "pip"), "utf8"), install.root, hasBash);
  const pythonText = shimText(readFileSync(join(install.templates, "python"), "utf8"), install.root, hasBash);
  writeIfChanged(join(dir, SHIMS_FOLDER_MARK), readFileSync(join(install.templates, SHIMS_FOLDER_MARK), "utf8"), 0o644);
  entryForThisSystem(install.bin, hasBash);
  const places = [...new Set(r.places)].filter((p) => existsSync(join(p, "bin"))).sort();
  writeIfChanged(join(dir, ".places"), [`#command-name ${COMMAND_NAME}`, ...places, ""].join("\n"), 0o644);

  const wanted = new Map<string, string>();
  for (const n of [...FIXED, ...versionedNames(r.PATH)]) wanted.set(n, n.startsWith("pip") ? pipText : pythonText);
  // python names for the projects' environments only: pipshim's default environments are the
  // place of python3 outside projects, and a `python` shim outside projects would only say
  // "command not found".
  for (const p of places) {
    const pythons = /\/default-python[0-9.]+$/.test(p) ? [] : pythonsOf(p);
    for (const c of [...pythons, ...commandsOf(p)]) if (!wanted.has(c)) wanted.set(c, pythonText);
  }

  const result: ShimSync = { added: [], removed: [] };
  for (const name of readdirSync(dir)) {
    if (name.startsWith(".") || wanted.has(name)) continue;
    // Only what pipshim made goes: a shim's text, or a leftover temporary file of one.
    const path = join(dir, name);
    let ours = false;
    try {
      ours = lstatSync(path).isFile() && /^#!\/bin\/(ba)?sh( -p)?\n# pipshim-shim/.test(readFileSync(path, "utf8").slice(0, 200));
    } catch {
      ours = false;
    }
    if (!ours) continue;
    rmSync(path, { force: true });
    result.removed.push(name);
  }
  for (const [name, text] of wanted) {
    const had = existsSync(join(dir, name));
    if (writeIfChanged(join(dir, name), text) && !had) result.added.push(name);
  }
  return result;
}

/** syncShims for the environments pipshim knows (src/facts/records.ts). */
export function refreshShims(install: Install, PATH: string, dataDir: string): ShimSync {
  return syncShims({ install, PATH, places: knownEnvironments(dataDir) });
}
