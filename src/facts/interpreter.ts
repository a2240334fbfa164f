// The Python a pip runs under, what pip's PEP 668 rule says about it, and the option tables of the
// pip it imports. Learnt by running the interpreter once, then cached per interpreter with a
// signature of the files the answer depends on (the interpreter, pyvenv.cfg, the
// EXTERNALLY-MANAGED marker, ensurepip, site-packages, pip's own package), so a repeated call
// costs a few stat()s and an upgrade (of Python or of pip) or a new marker is noticed.

import { fileKey } from "../sys/file-key.js";
import { statSync, existsSync } from "node:fs";
import { readFileHead, readRegularFile, writeFileAtomic } from "../sys/fs.js";

/** A cache file's text (never a FIFO or another non-file); throws when there is none. */
function readCacheText(file: string): string {
  const r = readRegularFile(file);
  if (!r.ok) throw new Error("no cache entry");
  return r.text;
}
import { dirname, join, resolve } from "node:path";
import type { InterpreterFact, InterpreterFacts } from "../core/facts.js";
import { runCaptured } from "../sys/capture.js";
import { readOptionTables, type PipOptionTables } from "../core/pip/options.js";

/**
 * Prints what pipshim needs to know as JSON; also used as sitecustomize.py (then it exits).
 *
 * Besides the interpreter, it reads the pip this interpreter imports (the one its pip script
 * runs): pip's version, its files (for the cache's signature), and its option tables, built as
 * pip builds them (create_main_parser(), create_command(name).parser). A callback without a value
 * is run once as the command line would run it, to learn whether this pip refuses it here. A
 * Python without pip (or one too old to read) still answers, without tables.
 *
 * Building pip's parsers imports most of pip (about 0.6 s of CPU), so a probe told, in
 * PIPSHIM_PROBE_PIP, the key of the pip whose tables pipshim already has (from the cache entry it
 * replaces) only says "same" when its pip has that key: installing into a venv changes its
 * site-packages, and with it the cache's signature, but not its pip.
 */
const PROBE = `
import json, os, sys, sysconfig
if sys.path and sys.path[0] == "":
    del sys.path[0]
from importlib.util import find_spec
def has(m):
    try:
        return find_spec(m) is not None
    except Exception:
        return False
def _pipshim_pip():
    # find_spec, not import: the probe of a pip it already knows stays cheap.
    try:
        spec = find_spec("pip")
    except Exception:
        spec = None
    if spec is None or not spec.origin or not os.path.isfile(spec.origin):
        return None
    files = [spec.origin, os.path.dirname(spec.origin)]
    def stat(p):
        try:
            st = os.stat(p)
            return [p, st.st_ino, st.st_size, st.st_mtime_ns]
        except OSError:
            return [p]
    # What the tables depend on: pip's files, and what pip's --no-use-pep517 callback looks for.
    key = json.dumps([[stat(p) for p in files], has("setuptools"), has("wheel")])
    out = {"files": files, "key": key}
    if os.environ.get("PIPSHIM_PROBE_PIP") == key:
        out["same"] = True
        return out
    try:
        import optparse
        import pip
        out["version"] = str(getattr(pip, "__version__", ""))
        from pip._internal.cli.main_parser import create_main_parser
        from pip._internal.commands import create_command
        class Refused(Exception):
            pass
        def refuse(msg):
            raise Refused(msg)
        def refusal(parser, o):
            parser.values = optparse.Values(parser.defaults)
            parser.error = refuse
            try:
                o.callback(o, o.get_opt_string(), None, parser, *(o.callback_args or ()), **(o.callback_kwargs or {}))
            except BaseException as e:
                return str(e) or type(e).__name__
            finally:
                del parser.error
                parser.values = None
            return None
        def table(parser):
            rows = []
            for o in parser._get_all_options():
                row = {"long": list(o._long_opts), "short": list(o._short_opts), "action": o.action,
                    "dest": o.dest, "takesValue": bool(o.takes_value())}
                if o.takes_value():
                    row["type"] = str(o.type)
                    if o.nargs not in (None, 1):
                        row["nargs"] = o.nargs
                if o.choices is not None:
                    row["choices"] = [str(c) for c in o.choices]
                if o.action == "callback":
                    row["callback"] = str(getattr(o.callback, "__name__", o.callback))
                    if not o.takes_value():
                        error = refusal(parser, o)
                        if error is not None:
                            row["callbackError"] = error
                if o.action in ("store_const", "append_const") and isinstance(o.const, (str, int, float, bool, type(None))):
                    row["const"] = o.const
                rows.append(row)
            return rows
        tables = {"version": out["version"], "main": table(create_main_parser())}
        for name in ("install", "uninstall"):
            tables[name] = table(create_command(name).parser)
        out["tables"] = tables
    except BaseException as e:
        out["error"] = "%s: %s" % (type(e).__name__, e)
    return out
def _pipshim_probe():
    stdlib = sysconfig.get_path("stdlib")
    marker = os.path.join(stdlib, "EXTERNALLY-MANAGED")
    try:
        import site
        sites = site.getsitepackages() + [site.getusersitepackages()]
    except Exception:
        sites = []
    return {"pipshim_probe": 1, "executable": sys.executable,
        "version": "%d.%d" % sys.version_info[:2], "prefix": sys.prefix,
        "base_prefix": getattr(sys, "base_prefix", sys.prefix),
        "real_prefix": getattr(sys, "real_prefix", None), "stdlib": stdlib,
        "base_executable": getattr(sys, "_base_executable", None),
        "marker": marker if os.path.isfile(marker) else None,
        "venv": has("venv") and has("ensurepip"), "virtualenv": has("virtualenv"),
        "sites": sites, "pip": _pipshim_pip()}
sys.stdout.write("\\n" + json.dumps(_pipshim_probe()) + "\\n")
sys.stdout.flush()
if __name__ != "__main__":
    os._exit(0)
`;

/** The probe's answer about the interpreter's pip. */
interface ProbePip {
  /** pip.__version__ (not when `same`). */
  version?: string;
  /** pip/__init__.py and the pip folder: an upgrade changes them, and so the cache's signature. */
  files: string[];
  /** What the tables depend on (pip's version and files, setuptools and wheel), as the probe saw it. */
  key?: string;
  /** The option tables (PipOptionTables), when pip could build its parsers. */
  tables?: unknown;
  /** The pip's key is PIPSHIM_PROBE_PIP: its tables are the ones pipshim has, and were not dumped again. */
  same?: boolean;
  error?: string;
}

/** An interpreter that has not answered in this long is not going to (a Python starts in well under a second). */
const PROBE_TIMEOUT_MS = 60_000;

interface Probe {
  executable: string;
  version: string;
  prefix: string;
  base_prefix: string;
  real_prefix: string | null;
  base_executable?: string | null;
  stdlib: string;
  marker: string | null;
  venv: boolean;
  virtualenv: boolean;
  sites: string[];
  /** null: the interpreter has no pip (it cannot import one). */
  pip?: ProbePip | null;
}

function statSig(path: string): string {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return "-";
  }
}

let probeKey: string | undefined;

/** Everything the probe's answer depends on, as one string: equal means the cache still holds. */
function signature(path: string, probe: Pick<Probe, "stdlib" | "sites" | "pip">): string {
  const bin = dirname(path);
  // The probe's own text first: a pipshim whose probe asks more never takes an older answer.
  probeKey ??= fileKey(PROBE);
  return [
    probeKey,
    path,
    statSig(path),
    statSig(join(bin, "pyvenv.cfg")),
    statSig(join(bin, "..", "pyvenv.cfg")),
    statSig(join(probe.stdlib, "EXTERNALLY-MANAGED")),
    statSig(join(probe.stdlib, "ensurepip")),
    ...probe.sites.map(statSig),
    ...(probe.pip?.files ?? []).map(statSig),
  ].join("|");
}

function toFacts(path: string, p: Probe): InterpreterFacts {
  return {
    path,
    executable: p.executable,
    version: p.version,
    prefix: p.prefix,
    basePrefix: p.base_prefix,
    inVirtualenv: p.prefix !== p.base_prefix || p.real_prefix !== null,
    baseExecutable: p.base_executable ?? p.executable,
    stdlib: p.stdlib,
    externallyManaged: p.marker,
    canVenv: p.venv,
    hasVirtualenv: p.virtualenv,
    sitePackages: p.sites,
    ...pipOptionsOf(p),
  };
}

function pipOptionsOf(p: Probe): { pipOptions?: PipOptionTables } {
  const tables = p.pip ? readOptionTables(p.pip.tables) : undefined;
  return tables ? { pipOptions: tables } : {};
}

function parseProbe(stdout: string): Probe | undefined {
  for (const line of stdout.split("\n").reverse()) {
    if (!line.startsWith('{"pipshim_probe"')) continue;
    try {
      return JSON.parse(line) as Probe;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function cacheFile(cacheDir: string, path: string): string {
  return join(cacheDir, "interpreters", `${fileKey(path)}.json`);
}

function writeCache(file: string, text: string): void {
  try {
    writeFileAtomic(file, text);
  } catch {
    // A cache that cannot be written only costs the next call a probe.
  }
}

interface CacheEntry {
  signature: string;
  probe: Probe;
}

function readCache(file: string): CacheEntry | undefined {
  try {
    const entry = JSON.parse(readCacheText(file)) as CacheEntry;
    return typeof entry.signature === "string" && typeof entry.probe === "object" && entry.probe !== null ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** The environment for a probe: told the key of the pip whose tables pipshim has (`known`), if any. */
function probeEnv(env: NodeJS.ProcessEnv, known: Probe | undefined): NodeJS.ProcessEnv {
  const { PIPSHIM_PROBE_PIP: _inherited, ...rest } = env;
  const key = known?.pip?.tables !== undefined ? known.pip.key : undefined;
  // The probe imports pip to read its options: no bytecode written into the interpreter's
  // site-packages (a venv named by pip's --python), which pip itself would not write.
  const quiet = { ...rest, PYTHONDONTWRITEBYTECODE: "1" };
  return key ? { ...quiet, PIPSHIM_PROBE_PIP: key } : quiet;
}

/** A probe's answer, with the tables it did not dump because they are `known`'s. */
function withKnownTables(probe: Probe | undefined, known: Probe | undefined): Probe | undefined {
  if (probe?.pip?.same) {
    delete probe.pip.same;
    if (known?.pip?.key === probe.pip.key) probe.pip.tables = known?.pip?.tables;
  }
  return probe;
}

/** Facts about the interpreter at `path` (as it will be run), from the cache or by running it. */
export async function interpreterFacts(path: string, cacheDir: string, env: NodeJS.ProcessEnv): Promise<InterpreterFact> {
  const file = cacheFile(cacheDir, path);
  const cached = readCache(file);
  try {
    if (cached && cached.signature === signature(path, cached.probe)) return toFacts(path, cached.probe);
  } catch {
    // No usable cache entry.
  }
  if (!existsSync(path)) return { error: `${path} does not exist` };
  const r = await runCaptured(path, ["-c", PROBE], { env: probeEnv(env, cached?.probe), timeoutMs: PROBE_TIMEOUT_MS });
  const probe = r.exitCode === 0 ? withKnownTables(parseProbe(r.stdout), cached?.probe) : undefined;
  if (!probe) return { error: `${path} did not answer pipshim's probe (${r.stderr.trim().split("\n").pop() || `exit ${r.exitCode}`})` };
  return remember(path, probe, cacheDir);
}

function remember(path: string, probe: Probe, cacheDir: string): InterpreterFacts {
  writeCache(cacheFile(cacheDir, path), JSON.stringify({ signature: signature(path, probe), probe }));
  return toFacts(path, probe);
}

/** The interpreter a pip script names in its `#!` line, when that is a Python; else undefined. */
function shebangInterpreter(pipPath: string): string | undefined {
  const first = readFileHead(pipPath).split("\n")[0];
  const m = /^#!\s*(\S+)/.exec(first);
  if (!m) return undefined;
  const interpreter = m[1];
  return /\/(python|pypy)[0-9.]*$/.test(interpreter) ? interpreter : undefined;
}

/**
 * Facts about the interpreter behind a pip: named in its `#!` line (cached), or, for a wrapper
 * (pyenv's shims are bash scripts that pick a Python at run time), learnt by running the wrapper
 * with the probe as sitecustomize: the interpreter it ends up in answers and exits before pip runs.
 */
export async function interpreterBehindPip(pipPath: string, cacheDir: string, env: NodeJS.ProcessEnv): Promise<InterpreterFact> {
  const direct = shebangInterpreter(pipPath);
  if (direct) return interpreterFacts(direct, cacheDir, env);
  const probeDir = join(cacheDir, "probe");
  const site = join(probeDir, "sitecustomize.py");
  const current = readRegularFile(site);
  if (!current.ok || current.text !== PROBE) {
    try {
      writeFileAtomic(site, PROBE);
    } catch (e) {
      return { error: `cannot write pipshim's probe: ${(e as Error).message}` };
    }
  }
  const pythonPath = [probeDir, env.PYTHONPATH].filter(Boolean).join(":");
  // The interpreter the wrapper chose last time, whose pip it most likely runs again.
  const lastFile = join(cacheDir, "interpreters", `wrapper-${fileKey(pipPath)}.json`);
  let last: string | undefined;
  try {
    last = (JSON.parse(readCacheText(lastFile)) as { executable?: string }).executable;
  } catch {
    // None yet.
  }
  const known = last ? readCache(cacheFile(cacheDir, last))?.probe : undefined;
  const r = await runCaptured(pipPath, ["--version"], { env: { ...probeEnv(env, known), PYTHONPATH: pythonPath }, timeoutMs: PROBE_TIMEOUT_MS });
  const probe = withKnownTables(parseProbe(r.stdout), known);
  if (!probe) return { error: `could not tell which Python ${pipPath} runs` };
  if (probe.executable !== last) writeCache(lastFile, JSON.stringify({ pip: pipPath, executable: probe.executable }));
  // The interpreter the wrapper chose is cached like any other (the wrapper itself is not: it
  // may choose another one next time).
  return remember(probe.executable, probe, cacheDir);
}

/** pip's --python: an interpreter, or a virtual environment's folder (pip's identify_python_interpreter). */
export function pythonOptionTarget(value: string, cwd: string): string | undefined {
  const p = resolve(cwd, value);
  try {
    if (statSync(p).isDirectory()) {
      const py = join(p, "bin", "python");
      return existsSync(py) ? py : undefined;
    }
    return p;
  } catch {
    return undefined;
  }
}
