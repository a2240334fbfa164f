// The engine: argv → facts → decision → classification → decision → plan, and carrying a plan out
// or handing it to the shell entry point. Every command that needs to know what a pip call would
// do (`__shim`, `pip`, `explain`) goes through planCall(); commands only read their flags and render.

import { adoptedOwnFolders, ownFoldersNote, useOwnFolders } from "../sys/own-home.js";
import { readFileSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { decide } from "../core/decide/decide.js";
import { isPythonName, pipArgsOfPython } from "../core/python-argv.js";
import type { Plan, PlanOf } from "../core/plan.js";
import { forwardedOptions } from "../core/pip/args.js";
import { PIPX_PIP_ARG_DESTS } from "../core/pip/options.js";
import { classifyRequirements } from "../facts/classify.js";
import { gatherFacts, type Gathered } from "../facts/gather.js";
import { findRealPip } from "../facts/real-program.js";
import { venvFacts } from "../facts/venv.js";
import { execute, type ExecuteContext } from "../act/execute.js";
import { warnOnce } from "../act/settings-warning.js";
import { rememberForShell } from "./place.js";
import { DEPTH_LIMIT, nextDepth } from "../core/guards.js";
import { refreshShims } from "../act/shims.js";
import { recordInstallNotice } from "../act/shell-records.js";
import { shellMayInstall } from "../core/shell-install.js";
import { thisInstall } from "../sys/install-root.js";
import { say, UserError } from "../sys/output.js";
import { progress } from "../sys/progress.js";
import { pipshimPaths, type PipshimPaths } from "../sys/xdg.js";
import { readOptions, type EngineOptions } from "./options.js";
import type { Answer } from "./handoff.js";

export interface CallInput {
  /** The name pip was called by: pip, pip3, pip3.11. */
  name: string;
  args: string[];
  /** The real pip, when bin/pipshim found it already; else found here. */
  realPip?: string;
  shimsDir: string;
  /** explain: classify without running any package's code. */
  purpose: "run" | "explain";
  /** The shell whose caller's environment this call runs with (bin/pipshim's pid, when Node.js is its child). */
  shellPid?: number;
}

export interface Planned extends Gathered {
  plan: Plan;
  realPip: string;
  options: EngineOptions;
  paths: PipshimPaths;
  /** The environment the programs pipshim runs get. */
  env: NodeJS.ProcessEnv;
  args: string[];
  /** Downloads made while classifying, for the install that follows (removed at the end). */
  wheelDir?: string;
  /** The shell, exec'ing pip itself, would give it the caller's environment exactly. */
  shellKeepsEnv: boolean;
}

/** The environment pipshim's children get: NODE_EXTRA_CA_CERTS back (bin/pipshim set it aside for Node.js). */
export function childBaseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (env.PIPSHIM_NODE_EXTRA_CA_CERTS !== undefined) {
    env.NODE_EXTRA_CA_CERTS = env.PIPSHIM_NODE_EXTRA_CA_CERTS;
    delete env.PIPSHIM_NODE_EXTRA_CA_CERTS;
  }
  return env;
}

/**
 * The environment the caller gave bin/pipshim, exactly, when Node.js runs as that shell's child
 * (Linux: /proc/<pid>/environ holds it as it was at exec): every variable whatever its name
 * (Debian's sh drops names it cannot hold, such as PIP_BREAK-SYSTEM-PACKAGES, which pip reads),
 * and no PWD the caller did not set. pipshim's own loop guards are kept (they come back only
 * for a real pip that is a wrapper); undefined when it cannot be read.
 */
function callerEnv(shellPid: number, guards: NodeJS.ProcessEnv): NodeJS.ProcessEnv | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${shellPid}/environ`, "latin1");
  } catch {
    return undefined;
  }
  const env: NodeJS.ProcessEnv = {};
  for (const entry of Buffer.from(text, "latin1").toString("utf8").split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  for (const k of ["PIPSHIM_CHAIN", "PIPSHIM_DEPTH"]) if (guards[k] !== undefined) env[k] = guards[k];
  return env;
}

/** Whether the shell, exec'ing a program, would give it this environment (less pipshim's guards). */
function shellKeeps(env: NodeJS.ProcessEnv): boolean {
  return env.PWD !== undefined && Object.keys(env).every((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k));
}

/** The real pip behind the shims, found as bin/pipshim finds it, for a Node.js run without it. */
function locateRealPip(name: string, env: NodeJS.ProcessEnv, shimsDir: string): string | undefined {
  const depth = nextDepth(env.PIPSHIM_DEPTH);
  if (depth > DEPTH_LIMIT) throw new UserError(`${name} calls itself in a loop (${depth} nested calls, through ${(env.PIPSHIM_CHAIN ?? "").replace(/^\S* /, "")}); giving up`, 126);
  const found = findRealPip({ name, PATH: env.PATH ?? "", self: `${shimsDir}/${name}`, chain: env.PIPSHIM_CHAIN, pid: process.pid, ppid: process.ppid });
  if (found.real) {
    env.PIPSHIM_CHAIN = found.chain;
    env.PIPSHIM_DEPTH = String(depth);
  }
  return found.real;
}

/** The current folder, or one line saying it is gone. */
export function currentFolder(): string {
  try {
    return process.cwd();
  } catch {
    throw new UserError("the current folder no longer exists: cd to one that does", 1);
  }
}

/** Decides about a call, classifying its requirements first when the decision asks for it. */
export async function planCall(input: CallInput): Promise<Planned> {
  const base = childBaseEnv();
  const exact = input.shellPid !== undefined && input.shellPid === process.ppid ? callerEnv(input.shellPid, base) : undefined;
  // Root with another user's HOME: root's own folders for what pipshim runs too (src/sys/own-home.ts).
  if (exact && adoptedOwnFolders()) useOwnFolders(exact);
  const env = exact ?? base;
  const shellKeepsEnv = exact === undefined || shellKeeps(exact);
  const realPip = input.realPip ?? locateRealPip(input.name, env, input.shimsDir);
  if (!realPip) throw new UserError(`no real ${input.name} found on PATH`, 127);
  const options = readOptions(env);
  const paths = pipshimPaths();
  // `python [options] -m pip ARGS` through a python shim: pip's arguments, and pip run as a module.
  const viaPython = isPythonName(input.name);
  const pipArgs = viaPython ? pipArgsOfPython(input.args) : input.args;
  const pipCommand = viaPython ? [realPip, "-m", "pip"] : [realPip];
  const gathered = await gatherFacts({ args: pipArgs ?? [], invokedAs: input.name, realPip, pipCommand, env, cwd: currentFolder(), home: homedir(), paths });
  if (pipArgs === undefined) {
    const plan: Plan = { kind: "passthrough", action: "passthrough", reason: "python runs something other than -m pip", target: realPip };
    return { ...gathered, plan, realPip, options, paths, env, args: input.args, shellKeepsEnv };
  }
  const { parsed, facts } = gathered;
  let plan = decide(parsed, facts);
  const own = adoptedOwnFolders();
  if (own && plan.kind !== "passthrough" && input.purpose === "run") say(ownFoldersNote(own));
  let wheelDir: string | undefined;
  const dryRun = parsed.kind === "routed" && parsed.call.values.get("dry_run") === true;
  if (plan.kind === "classify" && parsed.kind === "routed" && !("error" in facts.interpreter)) {
    const quiet = options.quiet || facts.settings.quiet;
    const n = plan.requirements.length;
    const done = quiet ? undefined : progress(`finding out whether ${plan.requirements.join(", ")} ${n > 1 ? "are applications" : "is an application"}`);
    const python = facts.interpreter.path;
    try {
      const result = await classifyRequirements({
        requirements: plan.requirements,
        realPip,
        pipCommand,
        interpreter: python,
        python: parsed.main.values.has("python") ? python : undefined,
        indexArgs: forwardedOptions(parsed.call, PIPX_PIP_ARG_DESTS, new Set()).kept,
        env,
        cwd: facts.cwd,
        cacheDir: paths.cache,
        build: input.purpose === "run",
        keepDownloads: input.purpose === "run" && !dryRun,
        dryRun,
      });
      for (const [req, c] of result.classified) facts.classified.set(req, c);
      wheelDir = result.wheelDir;
    } finally {
      done?.();
    }
    facts.downloads = wheelDir;
    plan = decide(parsed, facts);
    // Only pipx installs from the downloads (pip's own cache serves an environment's pip).
    if (wheelDir && plan.action !== "pipx" && plan.action !== "mixed") {
      rmSync(wheelDir, { recursive: true, force: true });
      wheelDir = undefined;
      facts.downloads = undefined;
      plan = decide(parsed, facts);
    }
  }
  const planned: Planned = { ...gathered, plan, realPip, options, paths, env, args: input.args, wheelDir, shellKeepsEnv };
  // A dry run changes nothing anywhere, pipshim's own records included.
  if (!dryRun) rememberCall(planned);
  return planned;
}

/**
 * Leaves what the shell entry point may act on without Node.js (src/act/shell-records.ts): the
 * interpreter is externally managed, the place's environments as found, the settings it reads.
 */
function rememberCall(p: Planned): void {
  const { facts, paths } = p;
  rememberForShell({
    paths,
    settings: facts.settings,
    interpreter: facts.interpreter,
    project: facts.project,
    defaultEnv: facts.project ? undefined : facts.defaultEnv,
  });
}

function executeContext(p: Planned): ExecuteContext {
  return {
    args: p.args,
    env: p.env,
    cwd: p.facts.cwd,
    home: p.facts.home,
    dataDir: p.paths.data,
    lockTimeoutMs: p.options.lockTimeoutMs,
    quiet: p.options.quiet || p.facts.settings.quiet,
    progress: p.options.quiet || p.facts.settings.quiet ? undefined : progress,
  };
}

function warnAboutSettings(p: Planned): void {
  if (p.settingsProblem && p.plan.kind !== "passthrough") warnOnce(p.settingsProblem, p.paths);
}

/** Carries a plan out in this process (as the parent of what it runs); the call's exit status. */
export async function carryOut(p: Planned): Promise<number> {
  warnAboutSettings(p);
  const status = await execute(p.plan, executeContext(p));
  // An environment this call made or installed into is one the shell may use from now on, as it is now.
  if (p.plan.kind === "steps" && p.plan.locks.length > 0) {
    const project = p.facts.project ? { venv: await venvFacts(p.facts.project.venv.path, executeContext(p)) } : null;
    const defaultEnv = p.facts.project ? undefined : await venvFacts(p.facts.defaultEnv.path, executeContext(p));
    rememberForShell({ paths: p.paths, settings: p.facts.settings, interpreter: p.facts.interpreter, project, defaultEnv });
    // Its commands, by name (src/act/shims.ts): best effort, pip's status is the call's.
    try {
      refreshShims(thisInstall(), p.env.PATH ?? "", p.paths.data);
    } catch {
      // doctor says when the shims folder cannot be written
    }
  }
  return status;
}

/**
 * What the shell entry point may run itself instead of Node.js carrying the plan out: the real
 * pip, or the pip of an environment that exists (with its lock taken for the shell's pid, which
 * pip keeps after exec). Undefined when Node.js must carry it out.
 */
export async function handoff(p: Planned): Promise<Answer | undefined> {
  const plan = p.plan;
  // pip gets exactly the caller's environment: where the shell would not give it that, this
  // process runs pip, with it.
  if (!p.shellKeepsEnv) return undefined;
  // Root with another user's HOME: pip runs here, with root's own (src/sys/own-home.ts).
  if (adoptedOwnFolders()) return undefined;
  if (plan.kind === "passthrough") return { kind: "real" };
  if (plan.kind !== "steps" || !plan.handoff) return undefined;
  warnAboutSettings(p);
  const ctx = executeContext(p);
  const venv = plan.handoff.venv;
  // A path that cannot travel as a line of the answer (src/engine/handoff.ts): carried out here.
  if (/[\n\r\0]/.test(venv)) return undefined;
  // The shell runs pip through src/python/run_pip.py, which takes the environment's lock for
  // pip's whole run and checks it is still there (a dry run, which changes nothing, is run as it is).
  if (!plan.locks.includes(venv) || (await venvFacts(venv, ctx)).state !== "ready") return undefined;
  const lines = [...plan.before, ...plan.after].filter(Boolean);
  if (!ctx.quiet) lines.forEach(say);
  // An install the shell may carry out itself next time (src/core/shell-install.ts): what to say.
  const interp = p.facts.interpreter;
  if (p.facts.project && p.facts.project.venv.path === venv && "path" in interp && shellMayInstall(p.args, p.env, p.facts.pipConfig)) {
    const c = p.facts.pipConfig;
    recordInstallNotice(p.paths.cache, venv, {
      interpreter: interp.path,
      home: p.facts.home,
      xdgConfigHome: p.env.XDG_CONFIG_HOME ?? "",
      foundBy: p.facts.project.foundBy,
      pipConfigPaths: [...c.global, ...c.user, ...c.site].map((f) => f.path),
      lines: lines.map((l) => `pipshim: ${l}`),
    });
  }
  return { kind: "venv", venv };
}

export type { PlanOf };
