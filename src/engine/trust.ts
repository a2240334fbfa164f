// `pipshim trust`: the user's word that an environment pipshim did not make may be run (as
// direnv's `allow` and mise's `trust`). Bound to that very folder and its pyvenv.cfg
// (src/facts/records.ts): a .venv replaced since (an unpacked archive, a clone) needs it again.
// What is never run stays so whatever the user says here: a .venv git tracks, another user's, or
// one anyone can write to (the folder or its bin/).

import { existsSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { homedir } from "node:os";
import { isUsable, type VenvFacts } from "../core/facts.js";
import { shellPath } from "../core/names.js";
import { removeTrust, writeTrust } from "../act/records.js";
import { recordVenv } from "../act/shell-records.js";
import { findProject } from "../facts/project.js";
import { madeByPipshim, readRecord, trustRecordFor } from "../facts/records.js";
import { readSettings } from "../facts/settings.js";
import { venvFacts } from "../facts/venv.js";
import { pipshimPaths } from "../sys/xdg.js";
import { UserError } from "../sys/output.js";
import { pythonChoice } from "./place.js";

export interface TrustOutcome {
  /** What to tell the user (one line). */
  message: string;
  status: number;
}

/**
 * The environment `pipshim trust [DIR]` is about: DIR itself when it is a virtual environment
 * (it holds a pyvenv.cfg), else DIR's environment (.venv, or the venvName setting); without DIR,
 * the current project's (or the current folder's). Named by its folder's real path, as every
 * other pipshim command names it.
 */
function environmentNamed(dir: string | undefined, cwd: string, venvName: string, home: string): string {
  if (dir !== undefined) {
    const abs = resolve(cwd, dir);
    if (existsSync(join(abs, "pyvenv.cfg"))) return join(reach(dirname(abs), dirname(dir)), basename(abs));
    const real = reach(abs, dir);
    if (!statSync(real).isDirectory()) throw new UserError(`${dir} is not a folder: give the project's folder, or its environment's`, 1);
    return join(real, venvName);
  }
  return join(findProject(cwd, home, venvName)?.root ?? reach(cwd, cwd), venvName);
}

/** The real path of a folder, or one line saying why it cannot be reached. */
function reach(path: string, shown: string): string {
  try {
    return realpathSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === "ENOENT" ? `${shown} does not exist` : `cannot reach ${shown} (${code ?? String(e)})`, 1);
  }
}

export async function trust(o: { dir?: string; cwd: string; env: NodeJS.ProcessEnv; untrust: boolean; shimsDir: string }): Promise<TrustOutcome> {
  const home = homedir();
  const paths = pipshimPaths();
  const { settings } = readSettings(paths.config);
  const venv = environmentNamed(o.dir, o.cwd, settings.venvName, home);
  const shown = shellPath(venv, home);
  const ctx = { dataDir: paths.data, home, env: o.env };
  if (o.untrust) {
    const had = removeTrust(paths.data, venv);
    recordVenv(paths.cache, await venvFacts(venv, ctx));
    if (madeByPipshim(readRecord(paths.data, venv), venv)) {
      return { message: `pipshim made ${shown}, so it uses it while it is the one pipshim made: remove it (rm -rf ${shown}) to stop that`, status: 0 };
    }
    return { message: had ? `${shown} is no longer trusted: pipshim runs nothing from it until \`pipshim trust\` again` : `${shown} was not trusted: nothing to take back`, status: 0 };
  }
  const before = await venvFacts(venv, ctx);
  switch (before.state) {
    case "missing":
      return { message: `there is no environment at ${shown} (pip install makes one there, which needs no trust)`, status: 1 };
    case "interrupted":
      return { message: `${shown} was left half made by a pipshim that stopped: the next pip install makes it again, which needs no trust`, status: 1 };
    case "ready":
    case "no-pip":
      await remember(before, paths.cache, o);
      return { message: madeByPipshim(readRecord(paths.data, venv), venv) ? `pipshim made ${shown}: it needs no trust` : `${shown} is trusted already`, status: 0 };
    case "broken":
      return { message: `${shown} ${before.problem ?? "cannot be used"}`, status: 1 };
    case "untrusted":
      break;
  }
  if (!before.needsTrust) return { message: `${shown} ${before.problem ?? "cannot be trusted"}`, status: 1 };
  const record = trustRecordFor(venv);
  if (!record) return { message: `${shown} has no pyvenv.cfg any more: nothing trusted`, status: 1 };
  writeTrust(paths.data, record);
  const after = await venvFacts(venv, ctx);
  if (!isUsable(after)) {
    recordVenv(paths.cache, after);
    return { message: `trusted ${shown}, but it ${after.problem ?? "cannot be used"}`, status: 1 };
  }
  await remember(after, paths.cache, o);
  return { message: `trusted ${shown}: pipshim runs it here (pip, python, pipshim run, the prompt hook) until it is replaced; pipshim trust --untrust takes this back`, status: 0 };
}

/**
 * What the shell needs to run it without Node.js (src/act/shell-records.ts): the record of the
 * environment, and (through the python shims' own choice, made here once) of the interpreter.
 */
async function remember(venv: VenvFacts, cache: string, o: { cwd: string; env: NodeJS.ProcessEnv; shimsDir: string }): Promise<void> {
  recordVenv(cache, venv);
  await pythonChoice("python3", { cwd: dirname(venv.path), env: o.env, shimsDir: o.shimsDir }).catch(() => undefined);
}
