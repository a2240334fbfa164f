// What the decision knows about the world. Gathered by src/facts/*, read by src/core/decide/decide.ts.
// Plain data (and one pure reading of it): the decision never touches the disk, spawns, or looks at the clock.

import type { Env, PipConfigFiles } from "./pip/config.js";
import type { PipOptionTables } from "./pip/options.js";
import type { Settings } from "./settings.js";

/** What pipshim learnt by running an interpreter once (cached by src/facts/interpreter.ts). */
export interface InterpreterFacts {
  /** The interpreter as it will be run (not resolved: a venv's bin/python is a symlink). */
  path: string;
  /** sys.executable */
  executable: string;
  /** "3.11" */
  version: string;
  prefix: string;
  basePrefix: string;
  /** sys.prefix != sys.base_prefix, or sys.real_prefix set (old virtualenv). */
  inVirtualenv: boolean;
  /** The interpreter a virtual environment was made from (sys._base_executable); itself otherwise. */
  baseExecutable: string;
  /** sysconfig.get_path("stdlib") */
  stdlib: string;
  /** The EXTERNALLY-MANAGED file (its path), when it exists as a file. */
  externallyManaged: string | null;
  /** The venv module and ensurepip can be imported (Debian splits ensurepip into python3-venv). */
  canVenv: boolean;
  /** Debian's python3-virtualenv (or any virtualenv) is importable: a faster way to make a venv. */
  hasVirtualenv: boolean;
  /** Its site-packages folders (site.getsitepackages(), the user site). */
  sitePackages?: string[];
  /**
   * The option tables of the pip this interpreter imports (the one its pip script runs), as that
   * pip builds its parsers; absent when it has no pip the probe could read.
   */
  pipOptions?: PipOptionTables;
}

export type InterpreterFact = InterpreterFacts | { error: string };

/** The state of an environment pipshim may install into (a project's .venv, the default env). */
export type VenvState =
  /** No such folder. */
  | "missing"
  /** A working environment with its own pip. */
  | "ready"
  /** A working environment without pip (as `uv venv` makes them): installed into with pip's --python. */
  | "no-pip"
  /** Being created by pipshim when a pipshim process died: safe to remove and make again. */
  | "interrupted"
  /** Not usable, and not pipshim's to repair (pyvenv.cfg missing, interpreter gone). */
  | "broken"
  /**
   * Not to be run: arrived with a git clone (tracked), another user's or anyone's to write, or not
   * made by pipshim and not trusted by the user (`pipshim trust`): running it would run code nobody reviewed.
   */
  | "untrusted";

/** An environment pip can be run in (with its own pip, or the real pip's --python). */
export function isUsable(v: VenvFacts): boolean {
  return v.state === "ready" || v.state === "no-pip";
}

export interface VenvFacts {
  path: string;
  state: VenvState;
  /** What is wrong, for "broken" and "untrusted". */
  problem?: string;
  /** "untrusted" only because pipshim did not make it and the user has not trusted it (`pipshim trust`). */
  needsTrust?: boolean;
  /** Normalised names of the distributions installed in it (gathered for uninstall only). */
  installed?: string[];
  /** For a usable environment inside a git work tree: git's index file (the shell's record watches it). */
  gitIndex?: string;
  /** The folder holding that .git. */
  gitTop?: string;
}

export interface ProjectFacts {
  root: string;
  /** The file or folder that made `root` a project: "pyproject.toml", ".git", ... */
  foundBy: string;
  venv: VenvFacts;
}

export interface PipxFacts {
  /** The pipx executable, or null when there is none on PATH. */
  path: string | null;
  /** Normalised names of the packages pipx has installed (gathered when needed). */
  installed?: string[];
  /** Normalised names of pipx venvs left half made (a pipx that was killed): installed again with --force. */
  halfMade?: string[];
  /** Where pipx puts application commands, and whether that folder is on PATH. */
  binDir: string;
  binDirOnPath: boolean;
}

/**
 * What a requirement's wheel says about it (src/facts/classify.ts): "app" when it provides commands
 * (entry points or .data/scripts), "library" when it provides none, with its classifiers (when it
 * has any). That is the commands guess only: the decision (src/core/decide/package-kind.ts) puts
 * the user's settings, the known packages and the classifiers before it.
 */
export type Classification =
  | { kind: "app"; name: string; scripts: string[]; classifiers?: string[] }
  | { kind: "library"; name: string; classifiers?: string[] }
  /** pip could not get it: its own error output, and its exit status. */
  | { kind: "error"; output: string; status: number }
  /** Only a build would tell (a local folder, a source distribution), and the caller allowed none (explain). */
  | { kind: "needs-build"; why: string };

export interface Facts {
  cwd: string;
  home: string;
  env: Env;
  /** `pip`, `pip3`, ...: the name the user called. */
  invokedAs: string;
  /** The pip the shim stands in front of (for `python -m pip`: that python). */
  realPip: string;
  /** How to run that pip: [realPip], or [python, "-m", "pip"]. */
  pipCommand: string[];
  pipConfig: PipConfigFiles;
  /**
   * The interpreter the call is about: the real pip's, or the one given by pip's --python; when
   * that is pipshim's default environment (activated by the shell hook behind the shims), the
   * Python it was made from, so that an application still goes to pipx.
   */
  interpreter: InterpreterFact;
  settings: Settings;
  /** The nearest project, if the current folder is inside one. */
  project: ProjectFacts | null;
  /** The current folder's own venv facts, for PIPSHIM_TARGET=project outside any project. */
  cwdVenv: VenvFacts;
  /** The per-user default environment for libraries outside projects. */
  defaultEnv: VenvFacts;
  pipx: PipxFacts;
  /** Wheels downloaded to classify the requirements, for pipx to install from (--find-links) without downloading again. */
  downloads?: string;
  /** Classification of requirements, by the requirement text (gathered on demand). */
  classified: Map<string, Classification>;
  /** Normalised names installed in the interpreter's own site-packages (gathered for uninstall). */
  systemInstalled?: string[];
}
