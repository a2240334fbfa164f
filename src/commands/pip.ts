// `pipshim pip ARGS` (what the shims run for install and uninstall calls): decide, then act.

import { writeSync } from "node:fs";
import { homedir } from "node:os";
import { decide, truthy } from "../core/decide/decide.js";
import type { Plan } from "../core/plan.js";
import { execute, type ExecuteContext } from "../act/execute.js";
import { acquireLock } from "../act/lock.js";
import { handoffOf } from "../core/handoff.js";
import { displayPath } from "../core/names.js";
import { venvFacts } from "../facts/venv.js";
import { installSignalHandlers } from "../sys/run.js";
import { classifyRequirements } from "../facts/classify.js";
import { gatherFacts, type Gathered } from "../facts/gather.js";
import { findRealPip } from "../facts/real-program.js";
import { forwardedOptions } from "../core/pip/args.js";
import { PIPX_PIP_ARG_DESTS } from "../core/pip/options.js";
import { pipshimPaths, type PipshimPaths } from "../sys/xdg.js";
import { say, UserError } from "../sys/output.js";
import { warnOnce } from "../act/settings-warning.js";
import { progress } from "../sys/progress.js";

/** The environment pipshim's children get: its own hand-over variables gone, NODE_EXTRA_CA_CERTS back. */
export function childBaseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (env.PIPSHIM_NODE_EXTRA_CA_CERTS !== undefined) {
    env.NODE_EXTRA_CA_CERTS = env.PIPSHIM_NODE_EXTRA_CA_CERTS;
    delete env.PIPSHIM_NODE_EXTRA_CA_CERTS;
  }
  delete env.PIPSHIM_REAL_PIP;
  delete env.PIPSHIM_HANDOFF;
  return env;
}

/** The real pip: handed over by bin/pipshim, or found here when Node.js was started directly. */
export function locateRealPip(name: string, env: NodeJS.ProcessEnv, shimsDir: string): string | undefined {
  if (process.env.PIPSHIM_REAL_PIP) return process.env.PIPSHIM_REAL_PIP;
  const found = findRealPip({
    name,
    PATH: env.PATH ?? "",
    self: `${shimsDir}/${name}`,
    chain: env.PIPSHIM_CHAIN,
    pid: process.pid,
    ppid: process.ppid,
  });
  if (found.real) {
    env.PIPSHIM_CHAIN = found.chain;
    env.PIPSHIM_DEPTH = String((Number(env.PIPSHIM_DEPTH) || 0) + 1);
  }
  return found.real;
}

function lockTimeoutSeconds(text: string | undefined): number {
  const n = Number(text);
  return text !== undefined && text.trim() !== "" && Number.isFinite(n) && n >= 0 ? n : 600;
}

function currentFolder(): string {
  try {
    return process.cwd();
  } catch {
    throw new UserError("the current folder no longer exists: cd to one that does", 1);
  }
}

/** Decides about a call, classifying its requirements first when the decision asks for it. */
export async function planFor(args: string[], name: string, realPip: string, env: NodeJS.ProcessEnv, paths: PipshimPaths, build = true) {
  const gathered: Gathered = await gatherFacts({ args, invokedAs: name, realPip, env, cwd: currentFolder(), home: homedir(), paths });
  const { parsed, facts } = gathered;
  const quiet = truthy(env.PIPSHIM_QUIET) || facts.settings.quiet;
  let plan: Plan = decide(parsed, facts);
  if (plan.action === "classify" && parsed.kind === "routed" && !("error" in facts.interpreter)) {
    const done = quiet ? undefined : progress(`finding out whether ${plan.classify!.join(", ")} ${plan.classify!.length > 1 ? "are applications" : "is an application"}`);
    const indexArgs = forwardedOptions(parsed.call, PIPX_PIP_ARG_DESTS, new Set()).kept;
    const python = facts.interpreter.path;
    const { classified } = await classifyRequirements({
      requirements: plan.classify!, realPip, interpreter: python, python: parsed.main.values.has("python") ? python : undefined,
      indexArgs, env, cwd: facts.cwd, cacheDir: paths.cache, build,
    });
    for (const [req, c] of classified) facts.classified.set(req, c);
    done?.();
    plan = decide(parsed, facts);
  }
  return { ...gathered, plan, quiet };
}

export async function pipCommand(name: string, args: string[], shimsDir: string): Promise<number> {
  // From here on a signal waits for pipshim's child, or runs pipshim's clean-ups before it ends.
  installSignalHandlers();
  const env = childBaseEnv();
  const realPip = locateRealPip(name, env, shimsDir);
  if (!realPip) {
    say(`no real ${name} found on PATH`);
    return 127;
  }
  const paths = pipshimPaths();
  const { plan, facts, settingsProblem, quiet } = await planFor(args, name, realPip, env, paths);
  if (settingsProblem && plan.action !== "passthrough") warnOnce(settingsProblem, paths);
  const ctx: ExecuteContext = {
    args,
    env,
    cwd: facts.cwd,
    home: facts.home,
    dataDir: paths.data,
    locksDir: `${paths.cache}/locks`,
    lockTimeoutMs: lockTimeoutSeconds(env.PIPSHIM_LOCK_TIMEOUT) * 1000,
    quiet,
    progress: quiet ? undefined : progress,
  };
  const shellPid = Number(process.env.PIPSHIM_HANDOFF);
  if (Number.isInteger(shellPid) && shellPid > 0) return offerHandoff(plan, name, ctx, shellPid);
  return execute(plan, ctx);
}

/**
 * Run by bin/pipshim first (PIPSHIM_HANDOFF=<its pid>): decide, and when the plan is one the
 * shell can exec itself (src/core/handoff.ts), say so on stdout ("real", or "venv:<path>") after
 * taking the environment's lock on the shell's behalf (pip, exec'd in its place, holds it until
 * it ends). Anything else prints nothing, and the shell runs pipshim again to carry the plan out.
 */
async function offerHandoff(plan: Plan, name: string, ctx: ExecuteContext, shellPid: number): Promise<number> {
  const handoff = handoffOf(plan, ctx.args, name);
  if (!handoff) return 0;
  if (handoff.kind === "real") {
    writeSync(1, "real");
    return 0;
  }
  let lock;
  try {
    lock = await acquireLock(ctx.locksDir, handoff.venv, {
      timeoutMs: ctx.lockTimeoutMs,
      ownerPid: shellPid,
      onWait: (pid) => say(`waiting for another pipshim (pid ${pid}) working on ${displayPath(handoff.venv, ctx.home)}`),
    });
  } catch {
    return 0; // the full run says what went wrong
  }
  if ((await venvFacts(handoff.venv, ctx)).state !== "ready") {
    lock.release();
    return 0;
  }
  if (!ctx.quiet) [...plan.before, ...plan.after].filter(Boolean).forEach(say);
  writeSync(1, `venv:${handoff.venv}`);
  return 0;
}
