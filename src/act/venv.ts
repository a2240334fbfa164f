// Makes a virtual environment, under its lock, so that it is either made whole or not at all:
// pipshim records "creating" in its own data folder first, removes what it made if the maker
// fails, and a later call removes and remakes one whose maker was killed. It never removes an
// environment it did not make.

import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Step } from "../core/plan.js";
import { displayPath } from "../core/names.js";
import { venvFacts, type VenvFactsContext } from "../facts/venv.js";
import { say } from "../sys/output.js";
import { CREATING_MARK, cfgIdentity, folderIdentity, readRecord } from "../facts/records.js";
import { FsError, makeDir, writeNewFile } from "../sys/fs.js";
import { onAbort, runChild } from "../sys/run.js";
import { removeRecord, writeRecord } from "./records.js";

export interface MakeVenvContext extends VenvFactsContext {
  /** Shows progress while the environment is made (a spinner on a terminal). */
  progress?: (text: string) => () => void;
}

export type EnsureResult = { ok: true; created: boolean } | { ok: false; status: number };

type EnsureStep = Extract<Step, { kind: "ensure-venv" }>;

function creationArgs(step: EnsureStep): string[] {
  const prompt = step.prompt ?? basename(step.path);
  const site = step.systemSitePackages ? ["--system-site-packages"] : [];
  return step.tool === "virtualenv"
    ? ["-m", "virtualenv", "-q", "--no-periodic-update", "--prompt", prompt, ...site, step.path]
    : ["-m", "venv", "--prompt", prompt, ...site, step.path];
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
  let made = false;
  try {
    makeDir(dirname(step.path));
    mkdirSync(step.path); // not makeDir: a folder made by anyone else meanwhile is not pipshim's
    made = true;
    writeNewFile(join(step.path, CREATING_MARK), `${process.pid}\n`);
    writeRecord(ctx.dataDir, { path: step.path, status: "creating", pid: process.pid, dir: folderIdentity(statSync(step.path)) });
  } catch (e) {
    if (made) rmSync(step.path, { recursive: true, force: true }); // only its mark is in it
    if (e instanceof FsError && e.path !== step.path && !e.path.startsWith(`${step.path}/`)) throw e; // pipshim's own folder
    const why = (e as NodeJS.ErrnoException).code === "EEXIST" ? "something else made it meanwhile" : e instanceof FsError ? e.reason : (e as Error).message;
    say(`could not create ${displayPath(step.path, ctx.home)} with ${step.python}: ${why}`);
    return { ok: false, status: 1 };
  }
  const forget = onAbort(() => removeMade(ctx, step.path));
  const done = ctx.progress?.(`creating ${displayPath(step.path, ctx.home)}`);
  const r = await runChild(step.python, creationArgs(step), { env: ctx.env, capture: true });
  done?.();
  forget();
  const works = r.status === 0 && existsSync(`${step.path}/bin/python`) && existsSync(`${step.path}/bin/pip`);
  if (!works) {
    removeMade(ctx, step.path);
    const why = (r.stderr.trim() || r.stdout.trim()).split("\n").filter(Boolean).pop() ?? `exit status ${r.status}`;
    say(`could not create ${displayPath(step.path, ctx.home)} with ${step.python}: ${why}`);
    return { ok: false, status: r.status > 128 ? r.status : 1 };
  }
  rmSync(join(step.path, CREATING_MARK), { force: true });
  writeRecord(ctx.dataDir, { path: step.path, status: "ready", pid: process.pid, cfg: cfgIdentity(step.path) });
  return { ok: true, created: true };
}
