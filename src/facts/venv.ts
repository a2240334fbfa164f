// The state of a virtual environment pipshim may use, read from the disk without running anything
// in it: a .venv that came with a clone is never run (README, "Guarantees").

import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from "node:fs";
import { dirname, join } from "node:path";
import type { VenvFacts } from "../core/facts.js";
import { normalizeName, shellPath } from "../core/names.js";
import { madeByPipshim, readRecord, readTrust, trustedByUser } from "./records.js";
import { ownerProblem, ownerProblemAt, programProblem } from "./ownership.js";
import { runChild } from "../sys/run.js";
import { leftHalfMade } from "./half-made.js";

export interface VenvFactsContext {
  dataDir: string;
  home: string;
  env: NodeJS.ProcessEnv;
  /** Gather the names of installed distributions too (for uninstall). */
  withInstalled?: boolean;
}

function isRegularFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** Answers already got in this process (a venv is examined again under its lock). */
const trackedAnswers = new Map<string, boolean | undefined>();

/** The git work tree `path` is in: its top folder and its index file (.git a folder, or a file naming one). */
function gitWorkTree(path: string): { top: string; index: string } | undefined {
  for (let dir = dirname(path); ; ) {
    const dotGit = join(dir, ".git");
    try {
      const st = statSync(dotGit);
      if (st.isDirectory()) return { top: dir, index: join(dotGit, "index") };
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, "utf8"));
      if (m) return { top: dir, index: join(m[1].startsWith("/") ? m[1] : join(dir, m[1]), "index") };
      return { top: dir, index: dotGit };
    } catch {
      // none here
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Whether git tracks anything under `path`; undefined when git cannot tell. */
async function trackedByGit(path: string, env: NodeJS.ProcessEnv): Promise<boolean | undefined> {
  if (trackedAnswers.has(path)) return trackedAnswers.get(path);
  if (!gitWorkTree(path)) return false;
  // The runner's capture mode, not execa: this runs on the way to installs, where loading execa costs more than git.
  const r = await runChild("git", ["-c", "core.fsmonitor=", "-C", dirname(path), "ls-files", "-z", "--", path], { env, capture: true, timeoutMs: 20_000 });
  const answer = r.status === 0 && !r.timedOut ? r.stdout.length > 0 : undefined;
  trackedAnswers.set(path, answer);
  return answer;
}

/** Normalised names of the distributions installed in these site-packages folders. */
export function distributionsIn(sitePackages: string[]): string[] {
  const names: string[] = [];
  for (const dir of sitePackages) {
    let entries: string[] = [];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const e of entries) {
      const m = /^(.+?)-[^-]*\.(dist-info|egg-info)$/.exec(e) ?? /^(.+)\.(dist-info|egg-info)$/.exec(e);
      if (m) names.push(normalizeName(m[1]));
    }
  }
  return names;
}

function installedDistributions(venvPath: string): string[] {
  let libs: string[] = [];
  try {
    libs = readdirSync(join(venvPath, "lib")).filter((d) => d.startsWith("python"));
  } catch {
    return [];
  }
  return distributionsIn(libs.map((lib) => join(venvPath, "lib", lib, "site-packages")));
}

/** What another user could write to inside an environment: its bin/, lib/, site-packages, pyvenv.cfg. */
function insideProblem(path: string): string | undefined {
  const places: [string, string][] = [
    [join(path, "bin"), "a bin/ folder that"],
    [join(path, "pyvenv.cfg"), "a pyvenv.cfg that"],
    [join(path, "lib"), "a lib/ folder that"],
  ];
  let libs: string[] = [];
  try {
    libs = readdirSync(join(path, "lib")).filter((d) => d.startsWith("python"));
  } catch {
    libs = [];
  }
  for (const lib of libs) {
    places.push([join(path, "lib", lib), `a lib/${lib} folder that`]);
    places.push([join(path, "lib", lib, "site-packages"), `a site-packages folder (lib/${lib}) that`]);
  }
  for (const [p, what] of places) {
    const problem = ownerProblemAt(p);
    if (problem) return `${what} ${problem}`;
  }
  return undefined;
}

/** Its python programs must lead to a file of the user's or the system's that no one else can write. */
function pythonProblem(path: string): string | undefined {
  let names: string[] = [];
  try {
    names = readdirSync(join(path, "bin")).filter((n) => /^python[0-9.]*$/.test(n));
  } catch {
    return undefined;
  }
  for (const n of names) {
    let target: string;
    try {
      target = realpathSync(join(path, "bin", n));
    } catch {
      continue;
    }
    const problem = programProblem(statSync(target));
    if (problem) return `has a bin/${n} that leads to ${target}, which ${problem}`;
  }
  return undefined;
}

export async function venvFacts(path: string, ctx: VenvFactsContext): Promise<VenvFacts> {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return { path, state: "missing" };
  }
  const shown = shellPath(path, ctx.home);
  if (!st.isDirectory()) return { path, state: "broken", problem: `is not a folder: move it away, then run the command again` };
  const record = readRecord(ctx.dataDir, path);
  // Half made by a pipshim that died, if it is still the very folder that pipshim made, and still
  // holds the mark pipshim put in it (a folder made by anyone else since has neither).
  if (leftHalfMade(record, path, st)) {
    return { path, state: "interrupted" };
  }
  const notTheUsers = ownerProblem(st);
  if (notTheUsers) {
    return { path, state: "untrusted", problem: `${notTheUsers}, so pipshim will not run it: it could run anyone's code. Move it away, or make a new one` };
  }
  // Its programs and what they read at start-up: a bin/, lib/, site-packages or pyvenv.cfg another
  // user can write to runs that user's code (a .pth file), whoever made the folder.
  const inside = insideProblem(path);
  if (inside) {
    return { path, state: "untrusted", problem: `has ${inside}, so pipshim will not run it: it could run anyone's code. Move it away, or make a new one` };
  }
  if (!existsSync(join(path, "pyvenv.cfg"))) {
    return { path, state: "broken", problem: "has no pyvenv.cfg, so it is not a virtual environment: move it away or remove it, then run the command again" };
  }
  if (!isRegularFile(join(path, "pyvenv.cfg"))) {
    return { path, state: "untrusted", problem: "has a pyvenv.cfg that is not a regular file (a symbolic link?), so pipshim will not run it: remove it (rm -rf " + shown + ") and pipshim will make a new one" };
  }
  // Its python programs leading to another user's file: never run, trusted or not (so never
  // trusted: \`pipshim trust\` says so before it writes anything).
  const python = pythonProblem(path);
  if (python) return { path, state: "untrusted", problem: `${python}, so pipshim will not run it. Move it away, or make a new one` };
  // git-tracked: it came with a clone, or was added to git since (a checkout can then replace its
  // programs); a .venv pipshim made is let off only when git cannot tell.
  const made = madeByPipshim(record, path);
  const tracked = await trackedByGit(path, ctx.env);
  if (tracked || (tracked === undefined && !made)) {
    const why = tracked ? (made ? "is tracked by git (it was added to git since pipshim made it)" : "came with the git clone (git tracks it)") : "may have come with a git clone (git cannot tell)";
    return {
      path,
      state: "untrusted",
      problem:
        `${why}, so pipshim will not run it: it could run code nobody reviewed. ` +
        `If you trust it, use its pip yourself (${shown}/bin/pip install ...); otherwise remove it ` +
        `(git rm -r -q --cached ${shown} && rm -rf ${shown}) and pipshim will make a new one`,
    };
  }
  if (!made && !trustedByUser(readTrust(ctx.dataDir, path), path)) {
    return {
      path,
      state: "untrusted",
      needsTrust: true,
      problem:
        "was not made by pipshim (or was replaced since), so pipshim will not run it until you trust it: " +
        `if you made it, or know where it came from, run \`pipshim trust ${shown}\` once; ` +
        `otherwise remove it (rm -rf ${shown}) and pipshim will make a new one`,
    };
  }
  let pythonWorks = false;
  try {
    pythonWorks = statSync(join(path, "bin", "python")).isFile();
  } catch {
    pythonWorks = false;
  }
  if (!pythonWorks) {
    return {
      path,
      state: "broken",
      problem:
        "has no working bin/python (was the Python it was made from removed or upgraded?): " +
        `recreate it (python3 -m venv --clear ${shown}) and reinstall its packages`,
    };
  }
  const state = existsSync(join(path, "bin", "pip")) ? "ready" : "no-pip";
  const git = gitWorkTree(path);
  const facts: VenvFacts = git ? { path, state, gitIndex: git.index, gitTop: git.top } : { path, state };
  return ctx.withInstalled ? { ...facts, installed: installedDistributions(path) } : facts;
}
