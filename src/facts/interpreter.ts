// The Python a pip runs under, and what pip's PEP 668 rule says about it. Learnt by running the
// interpreter once, then cached per interpreter with a signature of the files the answer depends
// on (the interpreter, pyvenv.cfg, the EXTERNALLY-MANAGED marker, ensurepip, site-packages), so
// a repeated call costs a few stat()s and an upgrade or a new marker is noticed.

import { fileKey } from "../sys/file-key.js";
import { statSync, existsSync } from "node:fs";
import { readFileHead, readRegularFile, writeFileAtomic } from "../sys/fs.js";
import { dirname, join, resolve } from "node:path";
import type { InterpreterFact, InterpreterFacts } from "../core/facts.js";
import { runCaptured } from "../sys/capture.js";

/** Prints what pipshim needs to know as JSON; also used as sitecustomize.py (then it exits). */
const PROBE = `
import json, os, sys, sysconfig
from importlib.util import find_spec
def _pipshim_probe():
    stdlib = sysconfig.get_path("stdlib")
    marker = os.path.join(stdlib, "EXTERNALLY-MANAGED")
    def has(m):
        try:
            return find_spec(m) is not None
        except Exception:
            return False
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
        "sites": sites}
sys.stdout.write("\\n" + json.dumps(_pipshim_probe()) + "\\n")
sys.stdout.flush()
if __name__ != "__main__":
    os._exit(0)
`;

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
}

function statSig(path: string): string {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return "-";
  }
}

/** Everything the probe's answer depends on, as one string: equal means the cache still holds. */
function signature(path: string, probe: Pick<Probe, "stdlib" | "sites">): string {
  const bin = dirname(path);
  return [
    path,
    statSig(path),
    statSig(join(bin, "pyvenv.cfg")),
    statSig(join(bin, "..", "pyvenv.cfg")),
    statSig(join(probe.stdlib, "EXTERNALLY-MANAGED")),
    statSig(join(probe.stdlib, "ensurepip")),
    ...probe.sites.map(statSig),
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
    marker: p.marker,
    canVenv: p.venv,
    hasVirtualenv: p.virtualenv,
    sitePackages: p.sites,
  };
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

/** Facts about the interpreter at `path` (as it will be run), from the cache or by running it. */
export async function interpreterFacts(path: string, cacheDir: string, env: NodeJS.ProcessEnv): Promise<InterpreterFact> {
  const file = cacheFile(cacheDir, path);
  const read = readRegularFile(file);
  try {
    const cached = read.ok ? (JSON.parse(read.text) as { signature: string; probe: Probe }) : undefined;
    if (cached && cached.signature === signature(path, cached.probe)) return toFacts(path, cached.probe);
  } catch {
    // No usable cache entry.
  }
  if (!existsSync(path)) return { error: `${path} does not exist` };
  const r = await runCaptured(path, ["-c", PROBE], { env, timeoutMs: PROBE_TIMEOUT_MS });
  const probe = r.exitCode === 0 ? parseProbe(r.stdout) : undefined;
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
  const r = await runCaptured(pipPath, ["--version"], { env: { ...env, PYTHONPATH: pythonPath }, timeoutMs: PROBE_TIMEOUT_MS });
  const probe = parseProbe(r.stdout);
  if (!probe) return { error: `could not tell which Python ${pipPath} runs` };
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
