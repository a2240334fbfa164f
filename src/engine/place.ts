// What the engine knows about a place, for the commands that are not about one pip call: the
// prompt hook (which environment to activate), doctor (what is in place), run (which environment
// to run a command in). The same facts, gathered the same way, as a pip call's.

import { homedir } from "node:os";
import { join } from "node:path";
import { isUsable, type InterpreterFact, type VenvFacts } from "../core/facts.js";
import { recordInterpreter, recordVenv } from "../act/shell-records.js";
import { existsSync } from "node:fs";
import { truthy } from "../core/names.js";
import type { Settings } from "../core/settings.js";
import { readSettings } from "../facts/settings.js";
import { interpreterBehindPip, interpreterFacts } from "../facts/interpreter.js";
import { findProject } from "../facts/project.js";
import { findRealPip } from "../facts/real-program.js";
import { venvFacts } from "../facts/venv.js";
import { defaultEnvPath, pipshimPaths, type PipshimPaths } from "../sys/xdg.js";

export interface Place {
  home: string;
  paths: PipshimPaths;
  settings: Settings;
  /** What is wrong with the settings file, when something is (the defaults are used). */
  settingsProblem?: string;
  /** The real pip behind the shims, and the interpreter it runs (when asked for). */
  realPip?: string;
  interpreter?: InterpreterFact;
  project: { root: string; foundBy: string; venv: VenvFacts } | null;
  /** pipshim's default environment for that interpreter (when asked for, outside projects). */
  defaultEnv?: VenvFacts;
}

export async function describePlace(o: { cwd: string; env: NodeJS.ProcessEnv; shimsDir: string; interpreter: boolean }): Promise<Place> {
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
  // What the hook finds here, the shims may act on too (src/act/shell-records.ts).
  if (place.project && place.project.venv.state !== "missing") recordVenv(paths.cache, place.project.venv.path, isUsable(place.project.venv));
  if (!o.interpreter) return place;
  place.realPip = findRealPip({ name: "pip", PATH: o.env.PATH ?? "", self: join(o.shimsDir, "pip"), pid: process.pid, ppid: process.ppid }).real;
  place.interpreter = place.realPip ? await interpreterBehindPip(place.realPip, paths.cache, o.env) : { error: "no real pip on PATH" };
  if (!place.project && !("error" in place.interpreter)) place.defaultEnv = await venvFacts(defaultEnvPath(paths, place.interpreter.version), ctx);
  return place;
}

export interface PythonChoice {
  /** The program the python shim would run, and why. */
  runs: string;
  reason: string;
  real?: string;
}

/**
 * Which interpreter a python shim (python, python3, python3.X) runs here, and why: what
 * bin/pipshim decides for a call that is not `-m pip install`, from the same facts.
 */
export async function pythonChoice(name: string, o: { cwd: string; env: NodeJS.ProcessEnv; shimsDir: string }): Promise<PythonChoice> {
  const real = findRealPip({ name, PATH: o.env.PATH ?? "", self: join(o.shimsDir, name), pid: process.pid, ppid: process.ppid }).real;
  if (!real) return { runs: "nothing", reason: `there is no real ${name} on PATH (the shim says so and exits 127)` };
  const realChoice = (reason: string): PythonChoice => ({ runs: real, reason, real });
  if (truthy(o.env.PIPSHIM_DISABLE)) return realChoice("PIPSHIM_DISABLE is set");
  if (o.env.VIRTUAL_ENV || o.env.CONDA_PREFIX) return realChoice(`an environment is active (${o.env.VIRTUAL_ENV ? "VIRTUAL_ENV" : "CONDA_PREFIX"}), and it wins over the project's`);
  const place = await describePlace({ ...o, interpreter: false });
  if (!place.project) return realChoice("outside any project, the shims never change which python runs");
  const v = place.project.venv;
  if (!isUsable(v)) return realChoice(`${v.path} is ${v.state === "missing" ? "not there (pip install makes it)" : `not usable: ${v.problem ?? v.state}`}`);
  const interp = await interpreterFacts(real, place.paths.cache, o.env);
  if ("error" in interp || interp.inVirtualenv || interp.externallyManaged === null) return realChoice(`${real} is not externally managed, so pipshim leaves it alone`);
  recordInterpreter(place.paths.cache, [real, interp.path, interp.executable], interp.externallyManaged);
  if (!existsSync(join(v.path, "bin", name))) return realChoice(`${v.path} has no ${name} (it is another Python version)`);
  return { runs: join(v.path, "bin", name), real, reason: `${place.project.root} is a project (${place.project.foundBy}), and its environment is usable and trusted: python is that environment's, as if it were active` };
}
