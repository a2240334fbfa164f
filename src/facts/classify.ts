// Is a requirement an application or a library? Outside a project that decides where it goes, so
// pipshim finds out before it touches anything, from the requirement's wheel: the commands it
// provides (console or GUI scripts in entry_points.txt, files in .data/scripts) and its classifiers
// (METADATA), which src/core/decide/package-kind.ts weighs. Nothing is installed, so a wrong guess
// leaves nothing behind.
//
// Once per call, and cheaply:
// 1. the cache (<cacheDir>/classified/): a requirement classified in the last 24 hours, with the
//    same index options and the same interpreter, is not looked at again (explain then install,
//    and bin/pipshim's two Node.js runs, download once);
// 2. every requirement named by its text, in ONE `pip download --no-deps --only-binary=:all:`
//    (wheels only: no build, no package code runs), each wheel read here in Node.js (src/facts/wheel.ts);
// 3. what has no wheel (a local folder, a source distribution) is built with one `pip wheel
//    --no-deps` when the caller allows a build (install), and is reported as "needs-build" without
//    running anything when it does not (explain).
// pip's own error reaches the user when pip cannot get a requirement at all.

import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Classification } from "../core/facts.js";
import { normalizeName, requirementName } from "../core/names.js";
import { wheelFileProject } from "../core/wheel-metadata.js";
import { fileKey } from "../sys/file-key.js";
import { makeTempDir, writeFileAtomic } from "../sys/fs.js";
import { onAbort, runChild } from "../sys/run.js";
import { readWheel, type WheelInfo } from "./wheel.js";

export interface ClassifyRequest {
  /** Requirement texts as the user gave them. */
  requirements: string[];
  /** The real pip to run (path). */
  realPip: string;
  /** How to run it, when not as itself: [python, "-m", "pip"]. */
  pipCommand?: string[];
  /** pip's --python target, when it is not the real pip's own interpreter. */
  python?: string;
  /** The target interpreter (part of the cache key: wheels are chosen for it). */
  interpreter: string;
  /** The call's index and network options, spelled out (--index-url=..., --find-links=..., --no-index, --pre, ...). */
  indexArgs: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** pipshim's cache folder; results are kept under <cacheDir>/classified. */
  cacheDir: string;
  /** A dry run changes nothing, not even the cache: results are read from it, not written. */
  dryRun?: boolean;
  /** false (pipshim explain): never run a package's code; true (install): may build. */
  build: boolean;
  /** Keep the downloaded wheels for the install that follows (see ClassifyResult.wheelDir). */
  keepDownloads?: boolean;
}

export interface ClassifyResult {
  /** By requirement text, every requirement asked about. */
  classified: Map<string, Classification>;
  /**
   * With keepDownloads, when a wheel was downloaded or built: a flat folder holding them, for
   * the install that follows (`--find-links`). The caller removes it.
   */
  wheelDir?: string;
}

/**
 * How long a classification is trusted. A project's commands rarely change between releases, but
 * a new release can add or drop them, and the cache key does not know what the index holds now:
 * a day keeps repeated calls (explain then install, a script's retries, bin/pipshim's two runs)
 * to one download while a stale answer lives at most that long.
 */
const TTL_MS = 24 * 60 * 60 * 1000;
// 2: classifiers recorded, .data/scripts counted as commands (a version-1 entry lacks both, and is
// never read as a version-2 one: the format is part of the key).
const CACHE_FORMAT = "pipshim-classified-2";
/** Environment variables that change which wheel pip would find (pip reads PIP_* in any case, `-` or `_`). */
const INDEX_ENV = new Set(["PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_NO_INDEX", "PIP_PRE", "PIP_CONFIG_FILE"]);
/** Options `pip index versions` accepts among the index options a call can carry. */
const INDEX_COMMAND_OPTIONS = new Set([
  "--index-url", "--extra-index-url", "--no-index", "--find-links", "--pre", "--trusted-host", "--proxy", "--cert",
  "--client-cert", "--timeout", "--retries", "--cache-dir", "--no-cache-dir", "--isolated", "--no-input", "--no-color",
  "--keyring-provider",
]);

/** Where a requirement's wheel comes from, read from its text (and, for a path, the file system). */
type Source =
  /** Named by its text, found on the index (or find-links): the shared pip download. */
  | { kind: "index" }
  /** A URL of a wheel: a download of its own. */
  | { kind: "wheel-url" }
  /** A wheel file here: read in place. */
  | { kind: "local-wheel"; path: string }
  /** Only a build has a wheel: a local folder, a source archive, a version-control URL. */
  | { kind: "build"; why: string }
  /** No name, and no such path: a run of its own, where pip says what is wrong with it. */
  | { kind: "unknown" };

interface Item {
  text: string;
  /** The project name its text gives, if any. */
  name?: string;
  source: Source;
  /** The cache key, for what may be cached. */
  key?: string;
}

interface WheelFile {
  path: string;
  /** Normalised project name (METADATA, else the file name). */
  norm: string;
  info?: WheelInfo;
  error?: string;
}

type Failure = { output: string; status: number };
type Outcome = { wheel: WheelFile } | { failed: Failure };

/** Shared by the runs of one call: set when a run was interrupted, after which nothing more runs. */
interface Stop {
  stopped?: Failure;
}

export async function classifyRequirements(req: ClassifyRequest): Promise<ClassifyResult> {
  const classified = new Map<string, Classification>();
  const common = commonKey(req);
  const items: Item[] = [];
  for (const text of new Set(req.requirements)) {
    const { source, name, cacheText } = sourceOf(text, req.cwd);
    const key = cacheText === undefined ? undefined : JSON.stringify([CACHE_FORMAT, cacheText, ...common]);
    const hit = key === undefined ? undefined : readCached(req.cacheDir, key);
    if (hit) classified.set(text, hit);
    else items.push({ text, name, source, key });
  }
  if (items.length === 0) return { classified };

  const settle = (item: Item, c: Classification) => {
    classified.set(item.text, c);
    if (item.key !== undefined && !req.dryRun && (c.kind === "app" || c.kind === "library")) writeCached(req.cacheDir, item.key, c);
  };
  const fromWheel = (item: Item, w: WheelFile): Classification => {
    if (!w.info) return { kind: "error", output: `pipshim: cannot read the wheel pip gave for ${item.text} (${w.error})\n`, status: 1 };
    const { name, scripts, classifiers } = w.info;
    const cl = classifiers.length > 0 ? { classifiers } : {};
    return scripts.length > 0 ? { kind: "app", name, scripts, ...cl } : { kind: "library", name, ...cl };
  };

  let root: string | undefined;
  let runs = 0;
  const runDir = () => {
    root ??= makeTempDir("pipshim-classify-");
    const d = join(root, `run-${++runs}`);
    mkdirSync(d);
    return d;
  };
  const removeRoot = () => {
    if (root) rmSync(root, { recursive: true, force: true });
  };
  const forget = onAbort(removeRoot);
  const stop: Stop = {};
  let keep = false;
  try {
    // A wheel file named on the command line needs no pip at all.
    for (const item of items) {
      if (item.source.kind !== "local-wheel") continue;
      settle(item, fromWheel(item, await wheelFile(item.source.path)));
    }

    // Every wheel pip can get without building: one run for everything named, one each for the rest.
    const download = (texts: string[]) => pipRun(req, "download", runDir(), texts);
    const outcomes = await runGroups(items.filter((i) => i.source.kind === "index"), download, stop);
    for (const item of items.filter((i) => i.source.kind === "wheel-url" || i.source.kind === "unknown")) {
      for (const [k, v] of await runGroups([item], download, stop)) outcomes.set(k, v);
    }
    const toBuild = items.filter((i) => i.source.kind === "build");
    const noWheel = new Map<Item, Failure>();
    for (const [item, outcome] of outcomes) {
      if ("wheel" in outcome) settle(item, fromWheel(item, outcome.wheel));
      else if (item.source.kind === "index" && notFound(outcome.failed.output)) {
        // No wheel for this Python: maybe only a source distribution, maybe nothing at all.
        noWheel.set(item, outcome.failed);
        toBuild.push(item);
      } else settle(item, { kind: "error", ...outcome.failed });
    }

    if (stop.stopped) {
      for (const item of toBuild) settle(item, { kind: "error", ...stop.stopped });
    } else if (req.build) {
      const wheel = (texts: string[]) => pipRun(req, "wheel", runDir(), texts);
      const built = await runGroups(toBuild.filter((i) => i.name !== undefined), wheel, stop);
      for (const item of toBuild.filter((i) => i.name === undefined)) {
        for (const [k, v] of await runGroups([item], wheel, stop)) built.set(k, v);
      }
      for (const [item, outcome] of built) {
        settle(item, "wheel" in outcome ? fromWheel(item, outcome.wheel) : { kind: "error", ...outcome.failed });
      }
    } else {
      for (const item of toBuild) {
        if (item.source.kind === "build") {
          settle(item, { kind: "needs-build", why: item.source.why });
          continue;
        }
        // pip download found no wheel: does the index have the project at all (in any form)?
        // `pip index versions` only reads the index; it builds and runs nothing.
        const failed = noWheel.get(item)!;
        const exists = !stop.stopped && (await pipIndexVersions(req, item.name!, stop));
        settle(
          item,
          exists
            ? { kind: "needs-build", why: `no wheel of ${item.name} for this Python, only a source distribution, which pip would build (running its code)` }
            : { kind: "error", ...failed },
        );
      }
    }

    if (req.keepDownloads && root) {
      const kept = gatherWheels(root);
      if (kept > 0) {
        keep = true;
        return { classified, wheelDir: root };
      }
    }
    return { classified };
  } finally {
    forget();
    if (!keep) removeRoot();
  }
}

/** The parts of the cache key every requirement of the call shares. */
function commonKey(req: ClassifyRequest): string[] {
  const env = Object.entries(req.env)
    .filter(([k, v]) => v !== undefined && INDEX_ENV.has(k.toUpperCase().replace(/-/g, "_")))
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  return [req.indexArgs.join("\0"), env.join("\0"), interpreterSignature(req.interpreter)];
}

/** The interpreter as a file: another Python (an upgrade, another version behind the same path) is another key. */
function interpreterSignature(interpreter: string): string {
  try {
    const real = realpathSync(interpreter);
    const s = statSync(real);
    return `${interpreter}>${real}:${s.size}:${s.mtimeMs}`;
  } catch {
    return interpreter;
  }
}

function statText(path: string): string {
  try {
    const s = statSync(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return "-";
  }
}

const VCS = /^(git|hg|svn|bzr)\+/i;
const URL_START = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * Where a requirement's wheel comes from, and the text its cache entry is keyed by (none: not
 * cached). A name from the index is keyed by its text. Local paths are not: their content changes
 * under the same text. A wheel file is read directly (cheaper than a cache lookup needs to be). A
 * source archive is keyed by its path, size and mtime. A local folder is keyed by its path and the
 * size and mtime of the files that declare a project's commands (pyproject.toml, setup.py,
 * setup.cfg): the folder's own mtime says nothing about edits inside it (and changes with every
 * in-tree build, which writes build/ and *.egg-info), and walking the tree would cost what the
 * cache saves; a setup.py that computes its commands from other files is the price (a stale
 * answer for at most a day, the TTL). Version-control URLs (a branch moves) and file: URLs are
 * not cached.
 */
function sourceOf(text: string, cwd: string): { source: Source; name?: string; cacheText?: string } {
  const t = text.trim();
  const direct = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*@\s*(.+)$/.exec(t);
  const url = direct ? direct[2].replace(/\s+;.*$/, "").trim() : URL_START.test(t) ? t : undefined;
  if (url !== undefined) {
    const name = direct?.[1];
    const path = url.replace(/[#?].*$/, "");
    if (VCS.test(url)) return { source: { kind: "build", why: "a version-control checkout: only building it (which runs its code) tells" }, name };
    if (/^file:/i.test(url)) {
      let local: string | undefined;
      try {
        local = fileURLToPath(path);
      } catch {
        local = undefined;
      }
      if (local && /\.whl$/i.test(local) && isFile(local)) return { source: { kind: "local-wheel", path: local }, name };
      if (local && existsSync(local)) return { source: { kind: "build", why: "a local source: only building it (which runs its code) tells" }, name };
      return { source: { kind: "unknown" }, name };
    }
    if (/\.whl$/i.test(path)) return { source: { kind: "wheel-url" }, name, cacheText: text };
    return { source: { kind: "build", why: "a source archive: only building it (which runs its code) tells" }, name, cacheText: text };
  }
  const name = requirementName(t);
  if (name !== undefined) return { source: { kind: "index" }, name, cacheText: text };
  // A path (pip allows extras after it: ./dir[extra]).
  const abs = resolve(cwd, t.replace(/\[[^\]]*\]$/, ""));
  let st;
  try {
    st = statSync(abs);
  } catch {
    return { source: { kind: "unknown" } };
  }
  if (st.isDirectory()) {
    const sig = ["pyproject.toml", "setup.py", "setup.cfg"].map((f) => statText(join(abs, f))).join("|");
    return { source: { kind: "build", why: "a local folder: only building it (which runs its code) tells" }, cacheText: `dir:${abs}:${t}:${sig}` };
  }
  if (/\.whl$/i.test(abs)) return { source: { kind: "local-wheel", path: abs } };
  return { source: { kind: "build", why: "a source archive: only building it (which runs its code) tells" }, cacheText: `file:${abs}:${t}:${st.size}:${st.mtimeMs}` };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function cacheFile(cacheDir: string, key: string): string {
  return join(cacheDir, "classified", `${fileKey(key)}.json`);
}

function readCached(cacheDir: string, key: string): Classification | undefined {
  try {
    const entry = JSON.parse(readFileSync(cacheFile(cacheDir, key), "utf8")) as { key: string; at: number; result: Classification };
    const age = Date.now() - entry.at;
    if (entry.key !== key || !(age >= 0 && age < TTL_MS)) return undefined;
    const r = entry.result;
    const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");
    const c = (r as { classifiers?: unknown }).classifiers;
    if (c !== undefined && !strings(c)) return undefined;
    const cl = c !== undefined && c.length > 0 ? { classifiers: c } : {};
    if (r.kind === "library" && typeof r.name === "string") return { kind: "library", name: r.name, ...cl };
    if (r.kind === "app" && typeof r.name === "string" && strings(r.scripts)) {
      return { kind: "app", name: r.name, scripts: r.scripts, ...cl };
    }
  } catch {
    // No usable entry.
  }
  return undefined;
}

function writeCached(cacheDir: string, key: string, result: Classification): void {
  try {
    writeFileAtomic(cacheFile(cacheDir, key), JSON.stringify({ key, at: Date.now(), result }));
  } catch {
    // A cache that cannot be written only costs the next call a download.
  }
}

async function wheelFile(path: string): Promise<WheelFile> {
  try {
    const info = await readWheel(path);
    return { path, norm: normalizeName(info.name), info };
  } catch (e) {
    return { path, norm: normalizeName(wheelFileProject(path)), error: (e as Error).message };
  }
}

interface Run {
  status: number;
  stderr: string;
  wheels: WheelFile[];
}

/** The environment pip runs with here: its require-virtualenv setting must not stop a download. */
function pipEnv(req: ClassifyRequest): NodeJS.ProcessEnv {
  return { ...req.env, PIP_REQUIRE_VIRTUALENV: "0" };
}

/**
 * One pip run: `pip download --only-binary=:all:` (never builds) or `pip wheel` (builds), no
 * dependencies, into `dir`; then the wheels it left there, read. The call's own options come
 * first so that ours win (a user's --no-binary must not make the download build).
 */
async function pipRun(req: ClassifyRequest, command: "download" | "wheel", dir: string, texts: string[]): Promise<Run> {
  const own =
    command === "download"
      ? // pip download has no --config-settings before pip 23.1, and builds nothing here anyway.
        [...req.indexArgs.filter((a) => !a.startsWith("--config-settings")), "--only-binary=:all:", "-d", dir]
      : [...req.indexArgs, "-w", dir];
  const args = [...(req.python ? ["--python", req.python] : []), command, "--no-deps", "-q", "--disable-pip-version-check", ...own, "--", ...texts];
  // runChild as pipshim runs pip itself (src/sys/run.ts): on Ctrl-C pip decides, as it would for the install.
  const [file, ...pre] = req.pipCommand ?? [req.realPip];
  const r = await runChild(file, [...pre, ...args], { env: pipEnv(req), cwd: req.cwd, capture: true });
  const wheels: WheelFile[] = [];
  for (const f of readdirSync(dir).sort()) if (f.endsWith(".whl")) wheels.push(await wheelFile(join(dir, f)));
  return { status: r.status, stderr: r.stderr, wheels };
}

/** Whether the index (or find-links) has the project in any form: `pip index versions`, which reads only. */
async function pipIndexVersions(req: ClassifyRequest, name: string, stop: Stop): Promise<boolean> {
  const own = req.indexArgs.filter((a) => INDEX_COMMAND_OPTIONS.has(a.split("=")[0]));
  const args = [...(req.python ? ["--python", req.python] : []), "index", "versions", "-q", "--disable-pip-version-check", ...own, "--", name];
  const [file, ...pre] = req.pipCommand ?? [req.realPip];
  const r = await runChild(file, [...pre, ...args], { env: pipEnv(req), cwd: req.cwd, capture: true });
  if (interrupted(r)) stop.stopped = { output: r.stderr, status: r.status };
  return r.status === 0;
}

/** pip was stopped by the user (Ctrl-C: pip exits 1 and says so) or died of a signal (128+n). */
function interrupted(r: { status: number; stderr: string }): boolean {
  return r.status > 128 || /Operation cancelled by user/.test(r.stderr);
}

/** pip's words for "no distribution (of the kinds allowed) matches". */
function notFound(output: string): boolean {
  return /No matching distribution found for|Could not find a version that satisfies the requirement/.test(output);
}

/** The requirements pip names in "No matching distribution found for X" (normalised names). */
function blamedNames(stderr: string): Set<string> {
  const names = new Set<string>();
  for (const m of stderr.matchAll(/No matching distribution found for (\S+)/g)) {
    const n = requirementName(m[1]);
    if (n) names.add(normalizeName(n));
  }
  return names;
}

/**
 * Runs `run` for the items together, and maps the wheels it leaves back to them by normalised
 * project name (a run of one item takes its one wheel whatever its name). pip gives up on the
 * whole run when one requirement cannot be found, before it downloads anything: then the ones it
 * named are failed with its message and the rest run again together; a failure pip names no one
 * for, each item runs alone (only then does the count of runs grow). After an interrupted run
 * (Ctrl-C, a signal) nothing more runs: what is left fails with that run's status.
 */
async function runGroups(items: Item[], run: (texts: string[]) => Promise<Run>, stop: Stop): Promise<Map<Item, Outcome>> {
  const out = new Map<Item, Outcome>();
  const queue: Item[][] = items.length > 0 ? [items] : [];
  while (queue.length > 0) {
    const group = queue.shift()!;
    if (stop.stopped) {
      for (const i of group) out.set(i, { failed: stop.stopped });
      continue;
    }
    const r = await run(group.map((i) => i.text));
    if (interrupted(r)) stop.stopped = { output: r.stderr, status: r.status };
    const unresolved: Item[] = [];
    for (const item of group) {
      const w =
        group.length === 1 && r.wheels.length === 1
          ? r.wheels[0]
          : item.name === undefined
            ? undefined
            : r.wheels.find((x) => x.norm === normalizeName(item.name!));
      if (w) out.set(item, { wheel: w });
      else unresolved.push(item);
    }
    if (unresolved.length === 0) continue;
    const fail = (i: Item) =>
      out.set(i, { failed: r.status === 0 ? { output: `pipshim: pip gave no wheel for ${i.text}\n`, status: 1 } : { output: r.stderr, status: r.status } });
    // Success without its wheel, a run of one, or a run that got past resolution (it left wheels):
    // the failure is the item's own.
    if (r.status === 0 || group.length === 1 || r.wheels.length > 0 || stop.stopped) {
      unresolved.forEach(fail);
      continue;
    }
    const named = blamedNames(r.stderr);
    const blamed = unresolved.filter((i) => i.name !== undefined && named.has(normalizeName(i.name)));
    if (blamed.length > 0) {
      blamed.forEach(fail);
      const rest = unresolved.filter((i) => !blamed.includes(i));
      if (rest.length > 0) queue.push(rest);
    } else {
      for (const i of unresolved) queue.push([i]);
    }
  }
  return out;
}

/** Moves every wheel from the run folders up into `root` (one flat folder for --find-links); how many. */
function gatherWheels(root: string): number {
  let count = 0;
  for (const run of readdirSync(root)) {
    const dir = join(root, run);
    for (const f of readdirSync(dir)) {
      if (!f.endsWith(".whl")) continue;
      if (!existsSync(join(root, f))) renameSync(join(dir, f), join(root, f));
      count++;
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return count;
}
