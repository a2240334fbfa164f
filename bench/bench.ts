// `npm run bench`: pipshim's cost against pip itself, measured in one run on this machine, with
// interleaved repetitions and medians (README, "Performance"). Uses the test fixtures' wheels and
// a throw-away HOME, like the tests.

import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PIPSHIM_BIN, Sandbox } from "../test/helpers/sandbox.js";

// Each measure runs REPS pairs; the pass-through (a) three times as many: its ratio is the smallest
// to tell from the noise of a VM.
const REPS = Number(process.env.BENCH_REPS) || 31;

interface Timed {
  ms: number;
  status: number | null;
  /** Peak resident memory of the process started (VmHWM), when sampled. */
  peakKb?: number;
}

/** Peak resident memory (VmHWM, kB) of the running pipshim Node.js processes (by their command line). */
function pipshimNodePeakKb(): number {
  let peak = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "latin1").includes("dist/pipshim.cjs")) continue;
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) peak = Math.max(peak, Number(m[1]));
    } catch {
      // exited
    }
  }
  return peak;
}

/**
 * Runs a command and times it (wall clock), optionally sampling the peak memory of pipshim's
 * Node.js process meanwhile (a child of the shim's shell when it hands pip over, the shim's own
 * process otherwise).
 */
function timed(file: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, sampleMemory = false): Promise<Timed> {
  return new Promise((resolvePromise, reject) => {
    const start = process.hrtime.bigint();
    // As a shell runs a program: PWD is the current folder.
    const child = spawn(file, args, { env: { ...env, PWD: cwd }, cwd, stdio: "ignore" });
    let peakKb: number | undefined;
    const timer = sampleMemory ? setInterval(() => (peakKb = Math.max(peakKb ?? 0, pipshimNodePeakKb())), 2) : undefined;
    child.on("error", reject);
    child.on("exit", (status) => {
      if (timer) clearInterval(timer);
      resolvePromise({ ms: Number(process.hrtime.bigint() - start) / 1e6, status, peakKb });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Pair {
  /** Median wall times, ms. */
  a: number;
  b: number;
  /** Median of the ratios of each back-to-back pair: steadier than a ratio of medians on a VM. */
  ratio: number;
}

/** Runs `a` and `b` alternately (which goes first alternates too), `reps` times each; medians. */
async function interleaved(reps: number, a: () => Promise<Timed>, b: () => Promise<Timed>): Promise<Pair> {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const order = i % 2 === 0 ? [a, b] : [b, a];
    for (const f of order) {
      const r = await f();
      if (r.status !== 0) throw new Error(`a benchmark command failed (exit ${r.status})`);
      (f === a ? as : bs).push(r.ms);
    }
  }
  return { a: median(as), b: median(bs), ratio: median(as.map((x, i) => x / bs[i])) };
}

async function repeated(reps: number, f: () => Promise<Timed>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const r = await f();
    if (r.status !== 0) throw new Error(`a benchmark command failed (exit ${r.status})`);
    xs.push(r.ms);
  }
  return median(xs);
}

const rows: string[] = [];
function report(label: string, value: string, target: string, ok: boolean): void {
  const line = `${label.padEnd(64)} ${value.padEnd(34)} ${`target ${target}`.padEnd(16)} ${ok ? "ok" : "MISSED"}`;
  rows.push(line);
  console.log(line);
}

async function hookCostMs(sb: Sandbox, shell: "bash" | "zsh" | "fish", cwd: string): Promise<number> {
  const n = 2000;
  const init = shell === "fish" ? `'${PIPSHIM_BIN}' init fish | source` : `eval "$('${PIPSHIM_BIN}' init ${shell})"`;
  const loop = {
    bash: `__pipshim_hook; s=$EPOCHREALTIME; for ((i=0;i<${n};i++)); do __pipshim_hook; done; e=$EPOCHREALTIME; echo "$s $e"`,
    zsh: `zmodload zsh/datetime; __pipshim_hook; s=$EPOCHREALTIME; for ((i=0;i<${n};i++)); do __pipshim_hook; done; e=$EPOCHREALTIME; echo "$s $e"`,
    fish: `__pipshim_hook; set s (date +%s.%N); for i in (seq ${n}); __pipshim_hook; end; set e (date +%s.%N); echo "$s $e"`,
  }[shell];
  const args = { bash: ["--norc", "-c"], zsh: ["-f", "-c"], fish: ["--no-config", "-c"] }[shell];
  const out = await new Promise<string>((resolvePromise) => {
    const child = spawn(shell, [...args, `${init}\n${loop}`], { env: sb.env, cwd });
    let text = "";
    child.stdout.on("data", (d) => (text += d));
    child.on("close", () => resolvePromise(text));
  });
  const [s, e] = out.trim().split(" ").map(Number);
  return ((e - s) * 1000) / n;
}

async function main(): Promise<void> {
  const sb = await Sandbox.create();
  try {
    const env = sb.env;
    const noShims = { ...env, PATH: env.PATH.split(":").slice(1).join(":") };
    const manyDirs = Array.from({ length: 100 }, (_, i) => sb.dir(`path/${i}`));
    const envMany = { ...env, PATH: [sb.shims, ...manyDirs, ...env.PATH.split(":").slice(1)].join(":") };
    const noShimsMany = { ...env, PATH: [...manyDirs, ...env.PATH.split(":").slice(1)].join(":") };
    const root = sb.dir("proj", { "pyproject.toml": "" });
    const deep = join(root, ...Array.from({ length: 30 }, (_, i) => `d${i}`));
    mkdirSync(deep, { recursive: true });
    const first = await timed("pip", ["install", "-q", "pslib"], env, root);
    if (first.status !== 0) throw new Error("could not set up the project's .venv");

    console.log(`pipshim bench: medians of ${REPS} interleaved runs each (BENCH_REPS sets it), ${new Date().toISOString()}`);
    console.log(`node ${process.version}; pip: ${readFileSync("/usr/bin/pip", "utf8").split("\n")[0]}\n`);

    const version = (e: NodeJS.ProcessEnv, cwd = sb.home) => () => timed("pip", ["--version"], e, cwd);
    const a = await interleaved(3 * REPS, version(env), version(noShims));
    report("(a) pass-through: pip --version, shim vs real pip", `${a.a.toFixed(1)} vs ${a.b.toFixed(1)} ms = ${a.ratio.toFixed(3)}`, "≤ 1.02", a.ratio <= 1.02);
    const aMany = await interleaved(3 * REPS, version(envMany), version(noShimsMany));
    report("    with 100 entries on PATH before the real pip", `${aMany.a.toFixed(1)} vs ${aMany.b.toFixed(1)} ms = ${aMany.ratio.toFixed(3)}`, "flat", aMany.ratio <= 1.02);
    const aDeep = await interleaved(3 * REPS, version(env, deep), version(noShims, deep));
    report("    from 30 folders below the project root", `${aDeep.a.toFixed(1)} vs ${aDeep.b.toFixed(1)} ms = ${aDeep.ratio.toFixed(3)}`, "flat", aDeep.ratio <= 1.02);

    const b = await interleaved(
      REPS,
      () => timed("pip", ["install", "pslib"], env, root),
      () => timed(join(root, ".venv", "bin", "pip"), ["install", "pslib"], env, root),
    );
    report("(b) redirect into an existing .venv (already satisfied) vs its pip: by the shell alone", `${b.a.toFixed(1)} vs ${b.b.toFixed(1)} ms = ${b.ratio.toFixed(3)}`, "≤ 1.03", b.ratio <= 1.03);
    // The same through Node.js (an option the shell leaves to it): the hand-over.
    const bNode = await interleaved(
      REPS,
      () => timed("pip", ["install", "--progress-bar", "off", "pslib"], env, root),
      () => timed(join(root, ".venv", "bin", "pip"), ["install", "--progress-bar", "off", "pslib"], env, root),
    );
    report("    the same handed over by Node.js (--progress-bar off)", `${bNode.a.toFixed(1)} vs ${bNode.b.toFixed(1)} ms = ${bNode.ratio.toFixed(3)}`, "(scale)", true);
    // Memory is sampled in runs of its own: sampling costs time.
    let peakKb = 0;
    for (let i = 0; i < 5; i++) peakKb = Math.max(peakKb, (await timed("pip", ["install", "--progress-bar", "off", "pslib"], env, root, true)).peakKb || Infinity);
    report("    peak memory of pipshim's Node.js process on a hand-over", `${(peakKb / 1024).toFixed(1)} MB`, "≤ 60 MB", peakKb <= 60 * 1024);

    const fresh = (label: string) => {
      const dir = join(sb.root, "fresh", `${label}-${Math.random().toString(36).slice(2)}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "pyproject.toml"), "");
      return dir;
    };
    const firstReps = Math.max(3, Math.round(REPS / 4));
    const c = await interleaved(
      firstReps,
      () => timed("pip", ["install", "-q", "pslib"], env, fresh("shim")),
      () => timed("/bin/sh", ["-c", "python3 -m venv .venv && .venv/bin/pip install -q pslib"], noShims, fresh("hand")),
    );
    rmSync(join(sb.root, "fresh"), { recursive: true, force: true });
    report("(c) first install in a fresh project vs python3 -m venv + pip by hand", `${c.a.toFixed(0)} vs ${c.b.toFixed(0)} ms = ${c.ratio.toFixed(3)}`, "≤ 0.50", c.ratio <= 0.5);

    // Outside any project. An application: `pip install psapp` (classified with a cold cache, as
    // a package new to the user is) against `pipx install psapp` by hand; uninstalled (untimed)
    // after each run.
    const outside = sb.dir("elsewhere");
    const classified = join(sb.home, ".cache", "pipshim", "classified");
    const pipxUninstall = async () => {
      const u = await timed("pipx", ["uninstall", "psapp"], env, outside);
      if (u.status !== 0) throw new Error("pipx uninstall psapp failed");
    };
    const appReps = Math.max(3, Math.round(REPS / 4));
    const appShim: number[] = [];
    const appHand: number[] = [];
    for (let i = 0; i < appReps; i++) {
      rmSync(classified, { recursive: true, force: true });
      const s = await timed("pip", ["install", "-q", "psapp"], env, outside);
      if (s.status !== 0) throw new Error("pip install psapp (outside a project) failed");
      appShim.push(s.ms);
      await pipxUninstall();
      const h = await timed("pipx", ["install", "psapp"], env, outside);
      if (h.status !== 0) throw new Error("pipx install psapp failed");
      appHand.push(h.ms);
      await pipxUninstall();
    }
    const app = { a: median(appShim), b: median(appHand), ratio: median(appShim.map((x, i) => x / appHand[i])) };
    report("(f) application outside a project vs pipx install by hand", `${app.a.toFixed(0)} vs ${app.b.toFixed(0)} ms = ${app.ratio.toFixed(3)}`, "≤ 1.10", app.ratio <= 1.1);
    // A library outside any project, the default environment present and the requirement
    // satisfied already, against that environment's own pip.
    if ((await timed("pip", ["install", "-q", "pslib"], env, outside)).status !== 0) throw new Error("pip install pslib (outside) failed");
    const defaultEnv = join(sb.home, ".local", "share", "pipshim", "default-python3.11");
    const lib = await interleaved(
      REPS,
      () => timed("pip", ["install", "pslib"], env, outside),
      () => timed(join(defaultEnv, "bin", "pip"), ["install", "pslib"], env, outside),
    );
    report("(g) library outside a project (default env, satisfied) vs its pip", `${lib.a.toFixed(1)} vs ${lib.b.toFixed(1)} ms = ${lib.ratio.toFixed(3)}`, "≤ 1.05", lib.ratio <= 1.05);

    // The python and command shims, against the floor for any script shim: a trivial `#!/bin/sh`
    // that execs the same program (and the program itself, for scale). In the project, its
    // .venv's python3 and psapp's command; outside any project, the default environment's python3
    // (made by the library install above).
    const trivial = (name: string, target: string) => {
      const file = join(sb.root, "trivial", name);
      mkdirSync(join(sb.root, "trivial"), { recursive: true });
      writeFileSync(file, `#!/bin/sh\nexec '${target}' "$@"\n`, { mode: 0o755 });
      return file;
    };
    const py = (file: string, cwd: string, e = env) => () => timed(file, ["-c", "pass"], e, cwd);
    const venvPy = join(root, ".venv", "bin", "python3");
    const pyIn = await interleaved(3 * REPS, py("python3", root), py(trivial("py-in", venvPy), root));
    report("(h) python3 -c pass in a project vs a trivial sh shim", `${pyIn.a.toFixed(1)} vs ${pyIn.b.toFixed(1)} ms = ${pyIn.ratio.toFixed(3)}`, "≤ 1.02", pyIn.ratio <= 1.02);
    const pyBare = await interleaved(3 * REPS, py("python3", root), py(venvPy, root));
    report("    the same vs the .venv's python3 itself", `${pyBare.a.toFixed(1)} vs ${pyBare.b.toFixed(1)} ms = ${pyBare.ratio.toFixed(3)}`, "(scale)", true);
    const defaultPy = join(defaultEnv, "bin", "python3");
    const pyOut = await interleaved(3 * REPS, py("python3", outside), py(trivial("py-out", defaultPy), outside));
    report("    outside any project (the default environment's) vs a trivial sh shim", `${pyOut.a.toFixed(1)} vs ${pyOut.b.toFixed(1)} ms = ${pyOut.ratio.toFixed(3)}`, "≤ 1.02", pyOut.ratio <= 1.02);
    if ((await timed("pip", ["install", "-q", "psapp"], env, root)).status !== 0) throw new Error("pip install psapp (in the project) failed");
    const cmd = (file: string) => () => timed(file, [], env, root);
    const cmdIn = await interleaved(3 * REPS, cmd("psapp"), cmd(trivial("psapp", join(root, ".venv", "bin", "psapp"))));
    report("(j) a command shim (psapp, in the project) vs a trivial sh shim", `${cmdIn.a.toFixed(1)} vs ${cmdIn.b.toFixed(1)} ms = ${cmdIn.ratio.toFixed(3)}`, "≤ 1.02", cmdIn.ratio <= 1.02);
    const run = await repeated(REPS, () => timed(PIPSHIM_BIN, ["run", "true"], env, root));
    report("(i) pipshim run true, in the project", `${run.toFixed(1)} ms`, "≤ 80 ms", run <= 80);

    const explain = (e: NodeJS.ProcessEnv, cwd: string) => () => timed(PIPSHIM_BIN, ["explain", "install", "pslib"], e, cwd);
    const d = await repeated(REPS, explain(env, root));
    report("(d) pipshim explain install pslib, in the project", `${d.toFixed(1)} ms`, "≤ 80 ms", d <= 80);
    const dMany = await repeated(REPS, explain(envMany, root));
    report("    with 100 entries on PATH before the real pip", `${dMany.toFixed(1)} ms`, "flat", dMany <= Math.max(80, d * 1.1));
    const dDeep = await repeated(REPS, explain(env, deep));
    report("    from 30 folders below the project root", `${dDeep.toFixed(1)} ms`, "flat", dDeep <= Math.max(80, d * 1.1));

    for (const shell of ["bash", "zsh", "fish"] as const) {
      const e = await hookCostMs(sb, shell, root);
      report(`(e) the ${shell} prompt hook when nothing changed`, `${e.toFixed(3)} ms`, "≤ 10 ms", e <= 10);
    }
    console.log(`\n${rows.filter((r) => r.endsWith("MISSED")).length === 0 ? "every target met" : "some targets missed"}`);
  } finally {
    sb.remove();
  }
}

main().catch((e) => {
  console.error(`bench failed: ${(e as Error).message}`);
  process.exitCode = 1;
});
