// Gathers the facts a pip call's decision needs, in the order they depend on each other: the real
// pip, its interpreter, pip's config, the arguments, then (for install and uninstall only) the
// target interpreter, the project, the default environment and pipx.

import { parsePipArgs, stringValue, type PipCall } from "../core/pip/args.js";
import type { Facts, InterpreterFact } from "../core/facts.js";
import { defaultEnvPath, type PipshimPaths } from "../sys/xdg.js";
import type { SettingsRead } from "../core/settings.js";
import { readSettings } from "./settings.js";
import { interpreterBehindPip, interpreterFacts, pythonOptionTarget } from "./interpreter.js";
import { pipConfigFiles } from "./pip-config.js";
import { pipxFacts } from "./pipx.js";
import { findProject } from "./project.js";
import { distributionsIn, venvFacts } from "./venv.js";
import { join } from "node:path";

export interface CallContext {
  args: string[];
  invokedAs: string;
  realPip: string;
  /** How to run it: [realPip], or [python, "-m", "pip"]. */
  pipCommand: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  home: string;
  paths: PipshimPaths;
}

export interface Gathered {
  parsed: PipCall;
  facts: Facts;
  settingsProblem?: string;
}

const NOT_GATHERED = { path: "", state: "missing" } as const;

export async function gatherFacts(ctx: CallContext): Promise<Gathered> {
  const { env, home, paths } = ctx;
  // Whether this is an install or uninstall call never depends on pip's site config; the rest of
  // what the arguments mean may, and all of it on the installed pip's own options, so they are
  // read again once the interpreter (and its pip's option tables) is known. Any call naming
  // install or uninstall may be one: the built-in tables (pip 23.0.1's) can refuse what it allows.
  let pipConfig = pipConfigFiles(env, home, []);
  let parsed = parsePipArgs(ctx.args, pipConfig, env);
  const settingsRead: SettingsRead = readSettings(paths.config);
  // Through a python shim (`python -m pip`) the real program is the interpreter itself. Probed
  // whenever the call may route: the installed pip's own option table decides what it means.
  const viaPython = ctx.pipCommand.length > 1;
  const mayRoute = ctx.args.includes("install") || ctx.args.includes("uninstall");
  const pipInterpreter: InterpreterFact = !mayRoute
    ? { error: "not needed" }
    : viaPython
      ? await interpreterFacts(ctx.realPip, paths.cache, env)
      : await interpreterBehindPip(ctx.realPip, paths.cache, env);
  if (!("error" in pipInterpreter)) {
    pipConfig = pipConfigFiles(env, home, [pipInterpreter.prefix]);
    parsed = parsePipArgs(ctx.args, pipConfig, env, pipInterpreter.pipOptions);
  }
  const facts: Facts = {
    cwd: ctx.cwd,
    home,
    env,
    invokedAs: ctx.invokedAs,
    realPip: ctx.realPip,
    pipCommand: ctx.pipCommand,
    pipConfig,
    interpreter: pipInterpreter,
    settings: settingsRead.settings,
    project: null,
    cwdVenv: { ...NOT_GATHERED },
    defaultEnv: { ...NOT_GATHERED },
    pipx: { path: null, binDir: "", binDirOnPath: false },
    classified: new Map(),
  };
  if (parsed.kind !== "routed") return { parsed, facts, settingsProblem: settingsRead.problem };

  // pip's --python (or PIP_PYTHON, or python= in pip's config) re-runs pip under another interpreter.
  const python = stringValue(parsed.main.values, "python");
  if (python !== undefined && env._PIP_RUNNING_IN_SUBPROCESS === undefined) {
    const target = pythonOptionTarget(python, ctx.cwd);
    const interpreter: InterpreterFact = target
      ? await interpreterFacts(target, paths.cache, env)
      : { error: `pip's --python ${python} names no interpreter` };
    facts.interpreter = interpreter;
    if (!("error" in interpreter) && !("error" in pipInterpreter) && interpreter.prefix !== pipInterpreter.prefix) {
      // The re-run pip reads the target's site config instead.
      pipConfig = pipConfigFiles(env, home, [interpreter.prefix]);
      // pip re-runs ITSELF under the target (its own __pip-runner__), so its options stay the same.
      parsed = parsePipArgs(ctx.args, pipConfig, env, pipInterpreter.pipOptions);
      facts.pipConfig = pipConfig;
    }
  }
  if (parsed.kind !== "routed") return { parsed, facts, settingsProblem: settingsRead.problem };

  // pipshim's default environment, activated behind the shims by the shell hook, is not a place
  // the user chose for everything: route as for the Python it was made from.
  const active = facts.interpreter;
  if (!("error" in active) && active.inVirtualenv && active.prefix === defaultEnvPath(paths, active.version)) {
    const base = await interpreterFacts(active.baseExecutable, paths.cache, env);
    if (!("error" in base)) {
      facts.interpreter = base;
    }
  }
  const uninstall = parsed.call.command === "uninstall";
  const venvCtx = { dataDir: paths.data, home, env, withInstalled: uninstall };
  const venvName = facts.settings.venvName;
  const project = findProject(ctx.cwd, home, venvName);
  if (project) facts.project = { ...project, venv: await venvFacts(join(project.root, venvName), venvCtx) };
  else facts.cwdVenv = await venvFacts(join(ctx.cwd, venvName), venvCtx);
  const version = "error" in facts.interpreter ? "" : facts.interpreter.version;
  // Outside projects, what the default environment has already decides without a download.
  if (version) facts.defaultEnv = await venvFacts(defaultEnvPath(paths, version), { ...venvCtx, withInstalled: uninstall || !facts.project });
  facts.pipx = pipxFacts(env, home, true);
  if (uninstall && !("error" in facts.interpreter)) facts.systemInstalled = distributionsIn(facts.interpreter.sitePackages ?? []);
  return { parsed, facts, settingsProblem: settingsRead.problem };
}
