// Carries out a plan: says what it does, takes the environments' locks, runs the steps in order,
// stops at the first failure with its exit status, and leaves nothing half made behind.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Plan } from "../core/plan.js";
import { readFileHead } from "../sys/fs.js";
import { displayPath } from "../core/names.js";
import { say, UserError, writeStderr } from "../sys/output.js";
import { acquireLock, environmentLockFile, LockTimeout, pipxLockFile, pipxSharedLockFile, type Lock } from "./lock.js";
import { halfGone, removeHalfGoneApp, sharedLibsDir } from "./pipx-repair.js";
import { pipxHome } from "../facts/pipx.js";
import { makeDir } from "../sys/fs.js";
import { rmSync } from "node:fs";
import { runChild, signalled, signalNumber } from "../sys/run.js";
import { ensureVenv, removeMade, type MakeVenvContext } from "./venv.js";

export interface ExecuteContext extends MakeVenvContext {
  cwd: string;
  lockTimeoutMs: number;
  quiet: boolean;
  /** The original arguments, for a pass-through. */
  args: string[];
}

function childEnv(base: NodeJS.ProcessEnv, changes: Record<string, string | null>, file: string): NodeJS.ProcessEnv {
  const env = { ...base };
  // pipshim's loop guards reach only a program that may call a shim again: a wrapper standing
  // for the real pip (pyenv's shims are). pip itself, pipx and venv creation never see them.
  if (!mayReenter(file)) {
    delete env.PIPSHIM_CHAIN;
    delete env.PIPSHIM_DEPTH;
  }
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Takes one lock, saying once that it waits; a wait longer than the limit ends the call with one line. */
async function lock(file: string, what: string, ctx: ExecuteContext, python?: string): Promise<Lock> {
  try {
    return await acquireLock(file, {
      timeoutMs: ctx.lockTimeoutMs,
      env: ctx.env,
      python,
      onWait: () => say(`waiting for another pip working on ${what} (up to ${Math.round(ctx.lockTimeoutMs / 1000)} s: PIPSHIM_LOCK_TIMEOUT)`),
      onUnsupported: (why) => say(`cannot lock ${what} (${why}): going on without the lock`),
    });
  } catch (e) {
    if (!(e instanceof LockTimeout)) throw e;
    throw new UserError(
      `gave up waiting for another pip working on ${what}, after ${Math.round(ctx.lockTimeoutMs / 1000)} s (PIPSHIM_LOCK_TIMEOUT sets the limit, in seconds)`,
      1,
    );
  }
}

/**
 * The locks of a plan's entry: an environment's (<env>/.lock, uv's file; its folder's parent
 * first, so that two pipshims never make it at once: the environment's own lock file is in it),
 * or a pipx application's (pipx:<name>).
 */
async function lockEntry(entry: string, ctx: ExecuteContext, python: string | undefined): Promise<EntryLock> {
  if (entry === "pipx-shared") {
    const home = pipxHome(ctx.env, ctx.home);
    makeDir(home);
    return { entry, locks: [await lock(pipxSharedLockFile(home), "pipx's shared libraries", ctx, python)] };
  }
  if (entry.startsWith("pipx:")) {
    const name = entry.slice("pipx:".length);
    const venvs = join(pipxHome(ctx.env, ctx.home), "venvs");
    makeDir(venvs);
    return { entry, locks: [await lock(pipxLockFile(dirname(venvs), name), `${name}'s pipx environment`, ctx, python)] };
  }
  const what = displayPath(entry, ctx.home);
  makeDir(dirname(entry));
  const held: EntryLock = { entry, locks: [await lock(dirname(entry), what, ctx, python)] };
  if (existsSync(entry)) held.locks.push(await lock(environmentLockFile(entry), what, ctx, python));
  else held.adopt = async () => void held.locks.push(await lock(environmentLockFile(entry), what, ctx, python));
  return held;
}

interface EntryLock {
  entry: string;
  locks: Lock[];
  /** For an environment made under the lock: take its own lock once its folder is there. */
  adopt?: () => Promise<void>;
}

/**
 * A wrapper, which may run a shim again: a script that is not Python (a pyenv-like python3.12
 * too), or a pip that is not a Python script (bin/pipshim's _pipshim_unguard_for decides alike).
 */
function mayReenter(file: string): boolean {
  const first = readFileHead(file).split("\n")[0];
  if (first.startsWith("#!")) return !/python/.test(first);
  return !/\/python[0-9.]*$/.test(file);
}

export async function execute(plan: Plan, ctx: ExecuteContext): Promise<number> {
  if (plan.kind === "passthrough") {
    return (await runChild(plan.target!, ctx.args, { env: childEnv(ctx.env, {}, plan.target!), cwd: ctx.cwd })).status;
  }
  if (plan.kind === "refuse") {
    if (plan.stderr) writeStderr(plan.stderr);
    say(plan.reason);
    return plan.exitCode;
  }
  if (plan.kind === "classify") throw new Error("a plan still to be classified cannot be carried out");
  if (!ctx.quiet) plan.before.forEach(say);
  const locks: EntryLock[] = [];
  const created = new Set<string>();
  try {
    for (const entry of [...new Set(plan.locks)].sort()) locks.push(await lockEntry(entry, ctx, plan.interpreter));
    // pipx is never run on half-gone shared libraries (it would install into the system's Python
    // through their python): under their lock, they are removed, and pipx makes them again.
    if (locks.some((l) => l.entry === "pipx-shared")) {
      const shared = sharedLibsDir(ctx.env, pipxHome(ctx.env, ctx.home));
      const gone = halfGone(shared);
      if (gone) {
        rmSync(shared, { recursive: true, force: true });
        say(`pipx's shared libraries ${displayPath(shared, ctx.home)} were half gone (${gone}): removed them (pipx makes them again)`);
      }
    }
    for (const step of plan.steps) {
      // A signal that came while a child ran (the child chose to finish): start nothing more.
      const sig = signalled();
      if (sig) return 128 + signalNumber(sig);
      switch (step.kind) {
        case "ensure-venv": {
          const held = locks.find((l) => l.entry === step.path);
          const r = await ensureVenv(step, { ...ctx, madeFolder: held?.adopt });
          if (!r.ok) return r.status;
          if (r.created) created.add(step.path);
          break;
        }
        case "run": {
          let args = step.args;
          if (step.pipx) {
            // Under the application's lock: what another pipx run left is looked at now.
            const venv = join(pipxHome(ctx.env, ctx.home), "venvs", step.pipx.app);
            const gone = halfGone(venv);
            if (gone) {
              removeHalfGoneApp(venv, step.pipx.binDir);
              say(`${step.pipx.app}'s pipx environment ${displayPath(venv, ctx.home)} was half gone (${gone}): removed it and its commands in ${displayPath(step.pipx.binDir, ctx.home)}`);
            }
            if (!existsSync(venv)) {
              if (step.pipx.verb === "uninstall") {
                writeStderr(`WARNING: Skipping ${step.pipx.app} as it is not installed.\n`);
                break;
              }
              if (step.pipx.ifGone) args = step.pipx.ifGone;
            }
          }
          const { status } = await runChild(step.file, args, { env: childEnv(ctx.env, step.env, step.file), cwd: ctx.cwd });
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
        case "check-commands": {
          const missing = step.commands.filter((c) => !existsSync(join(step.dir, c)));
          if (missing.length > 0) {
            say(`pipx reported success, but ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not in ${displayPath(step.dir, ctx.home)}: see pipx list`);
            return 1;
          }
          break;
        }
      }
    }
  } finally {
    for (const l of locks.reverse()) for (const k of l.locks.reverse()) k.release();
  }
  if (!ctx.quiet) plan.after.filter(Boolean).forEach(say);
  return 0;
}
