// What the engine knows about a place, for the commands that are not about one pip call: the
// prompt hook (which environment to activate), doctor (what is in place), run (which environment
// to run a command in), the shims' questions (which environment is python, pip, a command here),
// explain --as python3. The same facts, gathered the same way, as a pip call's.
//
// The place's environment: inside a project, its environment; outside projects, pipshim's default
// environment for the interpreter in question, once it exists (the defaultEnv setting), so that a
// script and a terminal see what pip installed there.

import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { isUsable, type InterpreterFact, type InterpreterFacts, type VenvFacts } from "../core/facts.js";
import { isPipName, truthy } from "../core/names.js";
import { isPythonName } from "../core/python-argv.js";
import type { Settings } from "../core/settings.js";
import { readSettings } from "../facts/settings.js";
import { interpreterBehindPip, interpreterFacts } from "../facts/interpreter.js";
import { findProject } from "../facts/project.js";
import { findRealPip } from "../facts/real-program.js";
import { venvFacts } from "../facts/venv.js";
import { defaultEnvPath, pipshimPaths, settingsFile, type PipshimPaths } from "../sys/xdg.js";
import { recordDefaultEnv, recordInterpreter, recordSettings, recordVenv } from "../act/shell-records.js";

export interface Place {
  home: string;
  paths: PipshimPaths;
  settings: Settings;
  /** What is wrong with the settings file, when something is (the defaults are used). */
  settingsProblem?: string;
  /** The real pip behind the shims (when the interpreter was asked for by pip's). */
  realPip?: string;
  /** The interpreter whose default environment is the place outside projects (when asked for). */
  interpreter?: InterpreterFact;
  project: { root: string; foundBy: string; venv: VenvFacts } | null;
  /** pipshim's default environment for that interpreter (when asked for, outside projects). */
  defaultEnv?: VenvFacts;
}

/** Which interpreter's default environment: the real pip's (true), a given python's, or none (false). */
type InterpreterWanted = boolean | { python: string };

export async function describePlace(o: { cwd: string; env: NodeJS.ProcessEnv; shimsDir: string; interpreter: InterpreterWanted }): Promise<Place> {
  const home = homedir();
  const paths = pipshimPaths();
  const read = readSettings(paths.config);
  const settings = read.settings;
  const ctx = { dataDir: paths.data, home, env: o.env };
  const found = findProject(o.cwd, home, settings.venvName);
  const place: Place = {
    home,
    paths,
    settings,
    settingsProblem: read.problem,
    project: found ? { root: found.root, foundBy: found.foundBy, venv: await venvFacts(join(found.root, settings.venvName), ctx) } : null,
  };
  if (o.interpreter === false) return place;
  if (o.interpreter === true) {
    place.realPip = findRealPip({ name: "pip", PATH: o.env.PATH ?? "", self: join(o.shimsDir, "pip"), pid: process.pid, ppid: process.ppid }).real;
    place.interpreter = place.realPip ? await interpreterBehindPip(place.realPip, paths.cache, o.env) : { error: "no real pip on PATH" };
  } else {
    place.interpreter = await interpreterFacts(o.interpreter.python, paths.cache, o.env);
  }
  const i = place.interpreter;
  if (!place.project && !("error" in i) && !i.inVirtualenv) place.defaultEnv = await venvFacts(defaultEnvPath(paths, i.version), ctx);
  return place;
}

/**
 * The environment that is this place's, where it can be run: the project's, or outside projects
 * the default environment (with the defaultEnv setting on). Undefined, with the reason, otherwise.
 */
function placeEnvironment(place: Place): { venv?: VenvFacts; why: string } {
  if (place.project) {
    const v = place.project.venv;
    if (isUsable(v)) return { venv: v, why: `${place.project.root} is a project (${place.project.foundBy}), and its environment is usable and trusted` };
    return { why: `${v.path} is ${v.state === "missing" ? "not there (pip install makes it)" : `not usable: ${v.problem ?? v.state}`}` };
  }
  if (!place.settings.defaultEnv) return { why: "outside any project, and the defaultEnv setting is off" };
  const d = place.defaultEnv;
  if (d && isUsable(d)) return { venv: d, why: "outside any project, pipshim's default environment is the place (the defaultEnv setting)" };
  if (!d) return { why: "outside any project, and there is no externally managed interpreter to have a default environment" };
  return { why: d.state === "missing" ? "outside any project, and pipshim's default environment does not exist yet" : `${d.path} is not usable: ${d.problem ?? d.state}` };
}

/** The python names in an interpreter's folder that are that same interpreter (python3, python3.11, ...). */
function namesOf(path: string, executable: string): string[] {
  const names = [path, executable];
  try {
    const real = realpathSync(path);
    const dir = dirname(path);
    for (const e of readdirSync(dir)) {
      if (!/^python[0-9.]*$/.test(e)) continue;
      try {
        if (realpathSync(join(dir, e)) === real) names.push(join(dir, e));
      } catch {
        // a broken link
      }
    }
  } catch {
    // gone: nothing to record
  }
  return names;
}

/**
 * Leaves what bin/pipshim may act on without Node.js (src/act/shell-records.ts): the settings it
 * reads, the interpreter's being externally managed, and the place's environments as found.
 */
export function rememberForShell(p: {
  paths: PipshimPaths;
  settings: Settings;
  interpreter?: InterpreterFact;
  project?: { venv: VenvFacts } | null;
  defaultEnv?: VenvFacts;
}): void {
  const cache = p.paths.cache;
  recordSettings(cache, settingsFile(p.paths), p.settings);
  const i = p.interpreter;
  const names = i && !("error" in i) && !i.inVirtualenv ? namesOf(i.path, i.executable) : [];
  if (names.length > 0) recordInterpreter(cache, names, (i as InterpreterFacts).externallyManaged);
  if (p.project && p.project.venv.state !== "missing") recordVenv(cache, p.project.venv);
  if (p.defaultEnv && names.length > 0) {
    if (p.defaultEnv.state !== "missing") recordVenv(cache, p.defaultEnv);
    recordDefaultEnv(cache, names, p.defaultEnv);
  }
}

export interface PythonChoice {
  /** The program the python shim would run, and why. */
  runs: string;
  reason: string;
  real?: string;
}

/**
 * Which program a python shim (python, python3, python3.X) runs here, and why: what bin/pipshim
 * decides for a call that is not `-m pip install`, from the same facts (and the shell's records,
 * written as it looks).
 */
export async function pythonChoice(name: string, o: { cwd: string; env: NodeJS.ProcessEnv; shimsDir: string }): Promise<PythonChoice> {
  const real = findRealPip({ name, PATH: o.env.PATH ?? "", self: join(o.shimsDir, name), pid: process.pid, ppid: process.ppid }).real;
  if (truthy(o.env.PIPSHIM_DISABLE)) return real ? { runs: real, reason: "PIPSHIM_DISABLE is set", real } : { runs: "nothing", reason: "PIPSHIM_DISABLE is set, and there is no real one" };
  const active = o.env.VIRTUAL_ENV || o.env.CONDA_PREFIX;
  if (active && real) return { runs: real, real, reason: `an environment is active (${o.env.VIRTUAL_ENV ? "VIRTUAL_ENV" : "CONDA_PREFIX"}), and it wins over the place's` };
  if (!real) {
    // No such python: the project's environment's, if it has that name.
    const place = await describePlace({ ...o, interpreter: false });
    rememberForShell(place);
    const v = place.project ? placeEnvironment(place).venv : undefined;
    if (!active && v && existsSync(join(v.path, "bin", name))) return { runs: join(v.path, "bin", name), reason: `there is no real ${name} on PATH, and the project's environment has one` };
    return { runs: "nothing", reason: `there is no real ${name} on PATH (the shim says "${name}: command not found" and exits 127)` };
  }
  const realChoice = (reason: string): PythonChoice => ({ runs: real, reason, real });
  const interp = await interpreterFacts(real, pipshimPaths().cache, o.env);
  if ("error" in interp || interp.inVirtualenv || interp.externallyManaged === null) return realChoice(`${real} is not externally managed, so pipshim leaves it alone`);
  const place = await describePlace({ ...o, interpreter: { python: real } });
  rememberForShell(place);
  const { venv, why } = placeEnvironment(place);
  if (!venv) return realChoice(why);
  if (!existsSync(join(venv.path, "bin", name))) return realChoice(`${venv.path} has no ${name} (it is another Python version)`);
  return { runs: join(venv.path, "bin", name), real, reason: `${why}: python is that environment's, as if it were active` };
}

/**
 * The environment the shims use here for a program called `name` (its real program `real`), for
 * the shell whose records were in doubt (bin/pipshim, _pipshim_place): the records are written
 * anew as it looks. Undefined: the real program.
 */
export async function shimEnvironment(name: string, real: string | undefined, o: { cwd: string; env: NodeJS.ProcessEnv; shimsDir: string }): Promise<string | undefined> {
  if (truthy(o.env.PIPSHIM_DISABLE) || o.env.VIRTUAL_ENV || o.env.CONDA_PREFIX) return undefined;
  let python: string | undefined;
  if (isPythonName(name)) python = real;
  else if (isPipName(name)) {
    const i = real ? await interpreterBehindPip(real, pipshimPaths().cache, o.env) : undefined;
    python = i && !("error" in i) ? i.path : undefined;
  } else {
    python = findRealPip({ name: "python3", PATH: o.env.PATH ?? "", self: join(o.shimsDir, "python3"), pid: process.pid, ppid: process.ppid }).real;
  }
  let managed = false;
  if (python) {
    const i = await interpreterFacts(python, pipshimPaths().cache, o.env);
    managed = !("error" in i) && !i.inVirtualenv && i.externallyManaged !== null;
  }
  const place = await describePlace({ ...o, interpreter: python && managed ? { python } : false });
  rememberForShell(place);
  const { venv } = placeEnvironment(place);
  if (!venv) return undefined;
  // A python name nothing on PATH has: the project's environment's, where it has one (as an
  // active environment's PATH would find it).
  if (isPythonName(name) && !real) return place.project && existsSync(join(venv.path, "bin", name)) ? venv.path : undefined;
  const isCommand = !isPythonName(name) && !isPipName(name);
  // python and pip are changed only in front of an externally managed interpreter.
  if (!isCommand && !managed) return undefined;
  // Outside projects, the default environment's; for a command only where no real one has the
  // name (a system program is never hidden).
  if (!place.project && (!managed || (isCommand && real))) return undefined;
  return venv.path;
}
