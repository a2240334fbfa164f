// Builders for the pure core's inputs: pip config files as pip would find them, and a complete
// `Facts` with the defaults of the machines pipshim runs on (Debian 12: an externally managed
// /usr/bin/python3 3.11, /usr/bin/pip, pipx at /usr/bin/pipx), to be overridden per test case.

import type { Classification, Facts, InterpreterFacts, PipxFacts, ProjectFacts, VenvFacts, VenvState } from "../../src/core/facts.js";
import type { ConfigFile, PipConfigFiles } from "../../src/pip/config.js";
import { DEFAULT_SETTINGS, type Settings } from "../../src/settings.js";

export const HOME = "/home/u";
export const PROJECT = `${HOME}/proj`;
export const PROJECT_VENV = `${PROJECT}/.venv`;
export const ELSEWHERE = `${HOME}/scratch`;
export const DEFAULT_ENV = `${HOME}/.local/share/pipshim/default-python3.11`;
export const SYSTEM_PYTHON = "/usr/bin/python3";
export const REAL_PIP = "/usr/bin/pip";
export const PIPX = "/usr/bin/pipx";

/** Where each kind of pip config file lives in these tests. */
export const CONFIG_PATHS = {
  global: "/etc/pip.conf",
  userLegacy: `${HOME}/.pip/pip.conf`,
  user: `${HOME}/.config/pip/pip.conf`,
  site: "/usr/pip.conf",
  envFile: "/tmp/custom-pip.conf",
} as const;

/**
 * The texts of the pip config files that exist (the others do not). `envFile` is PIP_CONFIG_FILE:
 * a text when it names an existing file, null when it names a missing one; `devNull` makes
 * PIP_CONFIG_FILE=/dev/null.
 */
export interface ConfigSpec {
  global?: string;
  userLegacy?: string;
  user?: string;
  site?: string;
  envFile?: string | null;
  devNull?: boolean;
}

function file(path: string, text: string | null | undefined): ConfigFile {
  return { path, text: text ?? null };
}

export function pipConfig(spec: ConfigSpec = {}): PipConfigFiles {
  const files: PipConfigFiles = {
    global: [file("/etc/xdg/pip/pip.conf", null), file(CONFIG_PATHS.global, spec.global)],
    user: [file(CONFIG_PATHS.userLegacy, spec.userLegacy), file(CONFIG_PATHS.user, spec.user)],
    site: [file(CONFIG_PATHS.site, spec.site)],
  };
  if (spec.devNull) files.envFile = { path: "/dev/null", text: "" };
  else if (spec.envFile !== undefined) files.envFile = file(CONFIG_PATHS.envFile, spec.envFile);
  return files;
}

/** The PIP_CONFIG_FILE variable that goes with a spec, as pip would see it in its environment. */
export function configFileEnv(spec: ConfigSpec = {}): Record<string, string> {
  if (spec.devNull) return { PIP_CONFIG_FILE: "/dev/null" };
  return spec.envFile !== undefined ? { PIP_CONFIG_FILE: CONFIG_PATHS.envFile } : {};
}

export function python(overrides: Partial<InterpreterFacts> = {}): InterpreterFacts {
  return {
    path: SYSTEM_PYTHON,
    executable: SYSTEM_PYTHON,
    version: "3.11",
    prefix: "/usr",
    basePrefix: "/usr",
    inVirtualenv: false,
    baseExecutable: SYSTEM_PYTHON,
    stdlib: "/usr/lib/python3.11",
    marker: "/usr/lib/python3.11/EXTERNALLY-MANAGED",
    canVenv: true,
    hasVirtualenv: false,
    ...overrides,
  };
}

export function venv(path: string, state: VenvState, extra: Partial<VenvFacts> = {}): VenvFacts {
  return { path, state, ...extra };
}

/** The project at PROJECT (a pyproject.toml), its .venv in the given state. */
export function project(state: VenvState, extra: Partial<VenvFacts> = {}): ProjectFacts {
  return { root: PROJECT, marker: "pyproject.toml", venv: venv(PROJECT_VENV, state, extra) };
}

export function pipx(overrides: Partial<PipxFacts> = {}): PipxFacts {
  return { path: PIPX, installed: [], binDir: `${HOME}/.local/bin`, binDirOnPath: true, ...overrides };
}

export function settings(overrides: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, ...overrides };
}

export const app = (name: string, scripts: string[] = [name]): Classification => ({ kind: "app", name, scripts });
export const library = (name: string): Classification => ({ kind: "library", name });

/** A complete `Facts`: no project here (the current folder is ELSEWHERE), nothing installed anywhere. */
export function facts(overrides: Partial<Facts> = {}): Facts {
  return {
    cwd: ELSEWHERE,
    home: HOME,
    env: {},
    invokedAs: "pip",
    realPip: REAL_PIP,
    pipConfig: pipConfig(),
    interpreter: python(),
    settings: settings(),
    project: null,
    cwdVenv: venv(`${ELSEWHERE}/.venv`, "missing"),
    defaultEnv: venv(DEFAULT_ENV, "missing"),
    pipx: pipx(),
    classified: new Map(),
    ...overrides,
  };
}
