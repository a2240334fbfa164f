// What the engine knows about a place, for the commands that are not about one pip call: the
// prompt hook (which environment to activate), doctor (what is in place), run (which environment
// to run a command in). The same facts, gathered the same way, as a pip call's.

import { homedir } from "node:os";
import { join } from "node:path";
import { isUsable, type InterpreterFact, type VenvFacts } from "../core/facts.js";
import { recordVenv } from "../act/shell-records.js";
import type { Settings } from "../core/settings.js";
import { readSettings } from "../core/settings.js";
import { interpreterBehindPip } from "../facts/interpreter.js";
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
    project: found ? { root: found.root, foundBy: found.marker, venv: await venvFacts(join(found.root, settings.venvName), ctx) } : null,
  };
  // What the hook finds here, the shims may act on too (src/act/shell-records.ts).
  if (place.project && place.project.venv.state !== "missing") recordVenv(paths.cache, place.project.venv.path, isUsable(place.project.venv));
  if (!o.interpreter) return place;
  place.realPip = findRealPip({ name: "pip", PATH: o.env.PATH ?? "", self: join(o.shimsDir, "pip"), pid: process.pid, ppid: process.ppid }).real;
  place.interpreter = place.realPip ? await interpreterBehindPip(place.realPip, paths.cache, o.env) : { error: "no real pip on PATH" };
  if (!place.project && !("error" in place.interpreter)) place.defaultEnv = await venvFacts(defaultEnvPath(paths, place.interpreter.version), ctx);
  return place;
}
