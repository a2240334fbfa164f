// Makes a virtual environment, under its lock, so that it is either made whole or not at all:
// pipshim records "creating" in its own data folder first, removes what it made if the maker
// fails, and a later call removes and remakes one whose maker was killed. It never removes an
// environment it did not make.
//
// virtualenv (the default where it is installed: it is fast) gets pipshim's own app-data folder,
// made atomically and checked before use (src/act/virtualenv-app-data.ts), so that a first
// creation that was interrupted, or ran out of space, never breaks a later one. A creation that
// fails with that app-data is tried once more with a new one; if virtualenv still fails,
// `python -m venv` makes the environment, and pipshim says so in one line.

import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Step } from "../core/plan.js";
import { displayPath } from "../core/names.js";
import { venvFacts, type VenvFactsContext } from "../facts/venv.js";
import { say } from "../sys/output.js";
import { CREATING_MARK, cfgIdentity, dirIdentity, folderIdentity, readRecord } from "../facts/records.js";
import { FsError, makeDir, writeNewFile } from "../sys/fs.js";
import { installSignalHandlers, onAbort, runChild, signalNumber } from "../sys/run.js";
import { removeRecord, writeRecord } from "./records.js";
import { appDataStore, checkWhole, discardLive, makeTemporary, openLive, publish, sweepStale, unchangedSince, type AppDataStore } from "./virtualenv-app-data.js";

export interface MakeVenvContext extends VenvFactsContext {
  /** Shows progress while the environment is made (a spinner on a terminal). */
  progress?: (text: string) => () => void;
  /** Called once the environment's folder is made (its own lock is taken then: src/act/execute.ts). */
  madeFolder?: () => Promise<void>;
}

export type EnsureResult = { ok: true; created: boolean } | { ok: false; status: number };

type EnsureStep = Extract<Step, { kind: "ensure-venv" }>;

/** The prompt, as one line (a folder's name may hold any character but `/`). */
function promptOf(step: EnsureStep): string {
  return (step.prompt ?? basename(step.path)).replace(/[\x00-\x1f\x7f]/g, "?");
}

/** `--prompt=NAME`, never `--prompt NAME`: a name starting with `-` would read as an option. */
function venvArgs(step: EnsureStep): string[] {
  const site = step.systemSitePackages ? ["--system-site-packages"] : [];
  return ["-m", "venv", `--prompt=${promptOf(step)}`, ...site, step.path];
}

function virtualenvArgs(step: EnsureStep, appData: string, readOnly: boolean): string[] {
  const site = step.systemSitePackages ? ["--system-site-packages"] : [];
  const ro = readOnly ? ["--read-only-app-data"] : [];
  return ["-m", "virtualenv", "-q", "--no-periodic-update", `--app-data=${appData}`, ...ro, `--prompt=${promptOf(step)}`, ...site, step.path];
}

/**
 * virtualenv's environment for a run of pipshim's: the user's virtualenv settings (VIRTUALENV_*
 * variables, virtualenv.ini) are for their own runs, and some would undo what pipshim relies on
 * (symlink_app_data ties the environment to the app-data folder, reset_app_data empties it).
 * virtualenv makes its default app-data folder before it reads --app-data (and a read-only one
 * must exist): VIRTUALENV_OVERRIDE_APP_DATA points that default at pipshim's too, so the user's
 * ~/.local/share/virtualenv is never made or read.
 */
function virtualenvEnv(env: NodeJS.ProcessEnv, appData: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith("VIRTUALENV_")) out[k] = v;
  out.VIRTUALENV_CONFIG_FILE = "/dev/null";
  out.VIRTUALENV_OVERRIDE_APP_DATA = appData;
  return out;
}

interface Attempt {
  /** 0 when it made a working environment. */
  status: number;
  /** The maker's last line of output (or why it does not count). */
  why: string;
  output: string;
}

const interrupted = (a: Attempt) => a.status > 128;
const outOfSpace = (a: Attempt) => /No space left on device|Disk quota exceeded|\[Errno (28|122)\]/.test(a.output);
/** A failure that no other way of making the environment would get past: stop there. */
const final = (a: Attempt) => a.status === 0 || interrupted(a) || outOfSpace(a);

const WATCHED = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const;

/**
 * Notes the first signal that comes while an environment is made. A child may not see it
 * (virtualenv exits 1 on Ctrl-C, like on any failure; a Ctrl-C that came while pipshim itself
 * was busy reaches no child at all), and pipshim must not go on as if nothing happened.
 */
function watchSignals(): { caught: () => NodeJS.Signals | undefined; stop: () => void } {
  installSignalHandlers(); // first: a listener of ours alone would keep a signal from ending pipshim
  let caught: NodeJS.Signals | undefined;
  const note = (sig: NodeJS.Signals) => void (caught ??= sig);
  for (const sig of WATCHED) process.on(sig, note);
  return { caught: () => caught, stop: () => WATCHED.forEach((sig) => process.off(sig, note)) };
}

type Watch = ReturnType<typeof watchSignals>;

async function runMaker(step: EnsureStep, args: string[], env: NodeJS.ProcessEnv, watch: Watch): Promise<Attempt> {
  const r = await runChild(step.python, args, { env, capture: true });
  const output = `${r.stderr}\n${r.stdout}`;
  const sig = watch.caught();
  if (sig) return { status: r.status > 128 ? r.status : 128 + signalNumber(sig), why: `interrupted (${sig})`, output };
  const why = (r.stderr.trim() || r.stdout.trim()).split("\n").filter(Boolean).pop() ?? `exit status ${r.status}`;
  if (r.status !== 0) return { status: r.status, why, output };
  if (!existsSync(`${step.path}/bin/python`) || !existsSync(`${step.path}/bin/pip`)) {
    return { status: 1, why: "it made no bin/python or bin/pip", output };
  }
  return { status: 0, why: "", output };
}

/** Empties the folder pipshim made (keeping its mark) for another try. */
function emptyMade(path: string): void {
  for (const name of readdirSync(path)) if (name !== CREATING_MARK && name !== ".lock") rmSync(join(path, name), { recursive: true, force: true });
}

/** virtualenv with a new app-data folder of pipshim's, put in place only if the creation works. */
async function withNewAppData(step: EnsureStep, ctx: MakeVenvContext, store: AppDataStore, watch: Watch): Promise<Attempt> {
  sweepStale(store);
  let temporary: string;
  try {
    temporary = makeTemporary(store);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === "ENOSPC" ? "No space left on device" : (e as Error).message;
    return { status: 1, why: `cannot make a folder in ${displayPath(store.root, ctx.home)}: ${why}`, output: why };
  }
  const forget = onAbort(() => rmSync(temporary, { recursive: true, force: true }));
  const a = await runMaker(step, virtualenvArgs(step, temporary, false), virtualenvEnv(ctx.env, temporary), watch);
  if (a.status === 0) publish(store, temporary, step.python);
  else rmSync(temporary, { recursive: true, force: true });
  forget();
  return a;
}

async function withVirtualenv(step: EnsureStep, ctx: MakeVenvContext, watch: Watch): Promise<Attempt> {
  let store: AppDataStore;
  try {
    store = appDataStore(ctx.dataDir, step.python);
  } catch (e) {
    return { status: 1, why: `cannot make ${displayPath(join(ctx.dataDir, "virtualenv"), ctx.home)}: ${(e as Error).message}`, output: "" };
  }
  const live = openLive(store);
  if (live) {
    // Compared with its manifest while virtualenv runs (runMaker has started it when it returns),
    // which writes nothing into it.
    const running = runMaker(step, virtualenvArgs(step, live.path, true), virtualenvEnv(ctx.env, live.path), watch);
    const whole = checkWhole(live);
    const a = await running;
    const good = whole && unchangedSince(live);
    if (interrupted(a) || outOfSpace(a) || (good && a.status === 0)) return a;
    // Made with a copy that was damaged, or swapped or added to meanwhile, or virtualenv failed
    // with it: a new one, once.
    discardLive(store);
    emptyMade(step.path);
  } else {
    discardLive(store); // a folder without a manifest is no copy of pipshim's
  }
  return withNewAppData(step, ctx, store, watch);
}

/** Removes an environment pipshim made (and its record). */
export function removeMade(ctx: MakeVenvContext, path: string): void {
  rmSync(path, { recursive: true, force: true });
  removeRecord(ctx.dataDir, path);
}

/** Call with the environment's lock held. */
export async function ensureVenv(step: EnsureStep, ctx: MakeVenvContext): Promise<EnsureResult> {
  const now = await venvFacts(step.path, ctx);
  if (now.state === "ready" || now.state === "no-pip") return { ok: true, created: false };
  if (now.state === "broken" || now.state === "untrusted") {
    say(`${displayPath(step.path, ctx.home)} ${now.problem}`);
    return { ok: false, status: 1 };
  }
  if (now.state === "interrupted") {
    // Its maker died (we hold the lock it held): what it left is pipshim's own, half made.
    say(`${displayPath(step.path, ctx.home)} was left half made by an interrupted pipshim (pid ${readRecord(ctx.dataDir, step.path)?.pid}); making it again`);
    removeMade(ctx, step.path);
  }
  // pipshim makes the folder itself, and records which folder it is: only that one is ever
  // removed as "half made" later.
  const failed = (why: string) => {
    say(`could not create ${displayPath(step.path, ctx.home)} with ${step.python}: ${why}`);
    return { ok: false as const, status: 1 };
  };
  // The intent is recorded first: a pipshim killed just after making the folder leaves it empty,
  // and the next one removes it (src/facts/half-made.ts).
  try {
    writeRecord(ctx.dataDir, { path: step.path, status: "creating", pid: process.pid });
    makeDir(dirname(step.path));
    mkdirSync(step.path); // not makeDir: a folder made by anyone else meanwhile is not pipshim's
  } catch (e) {
    removeRecord(ctx.dataDir, step.path);
    if (e instanceof FsError && e.path !== step.path && !e.path.startsWith(`${step.path}/`) && !step.path.startsWith(`${e.path}/`)) throw e; // pipshim's own folder
    return failed((e as NodeJS.ErrnoException).code === "EEXIST" ? "something else made it meanwhile" : e instanceof FsError ? e.reason : (e as Error).message);
  }
  try {
    // The environment's own lock (<env>/.lock), now that its folder is there.
    await ctx.madeFolder?.();
    writeNewFile(join(step.path, CREATING_MARK), `${process.pid}\n`);
    writeRecord(ctx.dataDir, { path: step.path, status: "creating", pid: process.pid, dir: folderIdentity(statSync(step.path)) });
  } catch (e) {
    // A full disk, say: the folder just made goes again.
    removeMade(ctx, step.path);
    return failed(e instanceof FsError ? e.reason : (e as Error).message);
  }
  const forget = onAbort(() => removeMade(ctx, step.path));
  const done = ctx.progress?.(`creating ${displayPath(step.path, ctx.home)}`);
  const watch = watchSignals();
  let a: Attempt;
  try {
    if (step.tool === "virtualenv") {
      a = await withVirtualenv(step, ctx, watch);
      if (!final(a)) {
        say(`virtualenv could not create ${displayPath(step.path, ctx.home)} (${a.why}); making it with ${step.python} -m venv instead`);
        emptyMade(step.path);
        a = await runMaker(step, venvArgs(step), ctx.env, watch);
      }
    } else {
      a = await runMaker(step, venvArgs(step), ctx.env, watch);
    }
  } finally {
    watch.stop();
    done?.();
    forget();
  }
  if (a.status === 0) {
    try {
      rmSync(join(step.path, CREATING_MARK), { force: true });
      writeRecord(ctx.dataDir, { path: step.path, status: "ready", pid: process.pid, cfg: cfgIdentity(step.path), dir: dirIdentity(step.path) });
      return { ok: true, created: true };
    } catch (e) {
      a = { status: 1, why: (e as Error).message, output: "" };
    }
  }
  removeMade(ctx, step.path);
  return { ...failed(a.why), status: a.status > 128 ? a.status : 1 };
}
