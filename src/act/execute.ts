// Carries out a plan: says what it does, takes the environments' locks, runs the steps in order,
// stops at the first failure with its exit status, and leaves nothing half made behind.

import type { Plan } from "../core/plan.js";
import { displayPath } from "../core/names.js";
import { say, writeStderr } from "../sys/output.js";
import { acquireLock, LockTimeout, type Lock } from "./lock.js";
import { runChild, signalled, signalNumber } from "../sys/run.js";
import { ensureVenv, removeMade, type MakeVenvContext } from "./venv.js";

export interface ExecuteContext extends MakeVenvContext {
  cwd: string;
  locksDir: string;
  lockTimeoutMs: number;
  quiet: boolean;
  /** The original arguments, for a pass-through. */
  args: string[];
}

function childEnv(base: NodeJS.ProcessEnv, changes: Record<string, string | null>): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete env[k];
    else env[k] = v;
  }
  return env;
}

export async function execute(plan: Plan, ctx: ExecuteContext): Promise<number> {
  if (plan.action === "passthrough") {
    return (await runChild(plan.target!, ctx.args, { env: ctx.env, cwd: ctx.cwd })).status;
  }
  if (plan.action === "refuse") {
    for (const step of plan.steps) if (step.kind === "stderr") writeStderr(step.text);
    say(plan.reason);
    return plan.exitCode ?? 1;
  }
  if (!ctx.quiet) plan.before.forEach(say);
  const locks: Lock[] = [];
  const created = new Set<string>();
  try {
    for (const path of [...new Set(plan.locks)].sort()) {
      try {
        locks.push(
          await acquireLock(ctx.locksDir, path, {
            timeoutMs: ctx.lockTimeoutMs,
            onWait: (pid) => say(`waiting for another pipshim (pid ${pid}) working on ${displayPath(path, ctx.home)}`),
          }),
        );
      } catch (e) {
        if (!(e instanceof LockTimeout)) throw e;
        const who = e.ownerPid ? `pid ${e.ownerPid}, which has held the lock on` : "the lock on";
        say(
          `gave up waiting for ${who} ${displayPath(path, ctx.home)} for over ` +
            `${Math.round(ctx.lockTimeoutMs / 1000)} s (PIPSHIM_LOCK_TIMEOUT sets the limit, in seconds)`,
        );
        return 1;
      }
    }
    for (const step of plan.steps) {
      // A signal that came while a child ran (the child chose to finish): start nothing more.
      const sig = signalled();
      if (sig) return 128 + signalNumber(sig);
      switch (step.kind) {
        case "ensure-venv": {
          const r = await ensureVenv(step, ctx);
          if (!r.ok) return r.status;
          if (r.created) created.add(step.path);
          break;
        }
        case "run": {
          const { status } = await runChild(step.file, step.args, { env: childEnv(ctx.env, step.env), cwd: ctx.cwd });
          if (status !== 0) {
            // An environment made for this call alone, whose install failed, is not left behind.
            if (step.into && created.has(step.into)) removeMade(ctx, step.into);
            return status;
          }
          break;
        }
        case "not-installed":
          for (const name of step.names) writeStderr(`WARNING: Skipping ${name} as it is not installed.\n`);
          break;
        case "stderr":
          writeStderr(step.text);
          break;
      }
    }
  } finally {
    for (const l of locks.reverse()) l.release();
  }
  if (!ctx.quiet) plan.after.filter(Boolean).forEach(say);
  return 0;
}
