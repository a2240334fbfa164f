// Differential, property-based test of pipshim's argv reader (src/core/pip/args.ts) and decision
// (src/core/decide/decide.ts) against pip itself: against EVERY pip found on the machine (/usr/bin/python3's
// always, Debian 12's pip 23.0.1; and, where there are, pyenv's: ~/.pyenv/versions/*/bin/python),
// each with pipshim's parser fed the option tables that pip's own probe dumped
// (src/facts/interpreter.ts), exactly as pipshim does at run time.
//
// fast-check generates pip argument vectors, realistic and hostile, from the options of every
// compared pip plus those of newer pips; ONE long-lived Python process per pip
// (test/property/pip_oracle.py) reads each with pip's own parsers (parse_command, then the
// command's parse_args; nothing is ever run) and says how pip reads it: usage error or not, the
// command, and for install/uninstall whether pip's PEP 668 check would run and the values that
// decide it. For every vector and every pip:
//   (1) parsePipArgs and decide never throw;
//   (2) pipshim reads the vector as that pip does (usage error or not, the command; for install and
//       uninstall whether the PEP 668 check applies, and the exemption-relevant option values);
//   (3) whenever pip would allow the call (not install/uninstall, a usage error, help, or an
//       exemption applies), decide passes it through, although the interpreter IS managed.
// There is no "known difference" left to skip.
//
// Reproduce a failure: PIPSHIM_PROPERTY_SEED=<seed> (and PIPSHIM_PROPERTY_PATH=<path> to replay
// the exact counterexample that fast-check printed); PIPSHIM_PROPERTY_RUNS scales the runs;
// PIPSHIM_PROPERTY_PYTHONS=/a/python:/b/python names the Pythons whose pips are compared.
// PIPSHIM_PROPERTY_SURVEY=1 runs every vector without stopping and lists the disagreements found, grouped.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";

import { isSet, listValue, parsePipArgs, stringValue, type PipCall } from "../../src/core/pip/args.js";
import { BUILTIN_TABLES, KNOWN_CALLBACKS, type PipOption, type PipOptionTables } from "../../src/core/pip/options.js";
import { interpreterFacts } from "../../src/facts/interpreter.js";
import type { Env, PipConfigFiles } from "../../src/core/pip/config.js";
import { decide } from "../../src/core/decide/decide.js";
import type { Facts, InterpreterFacts, VenvFacts } from "../../src/core/facts.js";
import type { Plan } from "../../src/core/plan.js";
import { DEFAULT_SETTINGS } from "../../src/core/settings.js";

/** The Python whose pip is always compared (Debian 12's pip 23.0.1 here and in CI). */
const PYTHON = "/usr/bin/python3";
const SEED = Number(process.env.PIPSHIM_PROPERTY_SEED ?? 668_2023);
const RUN_SCALE = Number(process.env.PIPSHIM_PROPERTY_RUNS ?? 1);
const REPLAY_PATH = process.env.PIPSHIM_PROPERTY_PATH || undefined;
/** Survey mode: run every vector, group the disagreements by kind, and list them (never shrinks). */
const SURVEY = process.env.PIPSHIM_PROPERTY_SURVEY === "1";
/** Clean argv runs (the brief's ground truth: no PIP_* variables, PIP_CONFIG_FILE=/dev/null), for the first pip. */
const ARGV_RUNS = Math.round(10_000 * RUN_SCALE);
/** Extra runs with a few PIP_* variables set, which pip reads as option defaults. */
const ENV_RUNS = Math.round(3_000 * RUN_SCALE);
/** Every further pip gets this share of the runs (its own seed: other vectors). */
const OTHER_PIP_SHARE = 0.3;

// ---------------------------------------------------------------------------------------------
// The oracle: one pip, one process for the whole run, JSON lines both ways.

interface PipValues {
  target_dir?: string | null;
  prefix_path?: string | null;
  root_path?: string | null;
  dry_run?: boolean;
  json_report_file?: string | null;
  override_externally_managed: boolean;
  use_user_site?: boolean | null;
  requirements: string[];
  editables?: string[];
  positionals: string[];
  require_venv: boolean;
}

interface PipAnswer {
  id: number;
  /** Where pip stopped: its main parser, or the command's parser. */
  stage: "main" | "command" | "oracle";
  /** usage: exit 2 (or 3, a bad config value); exit0: help/version; piperror: pip's own error (unknown command, a callback's CommandError). */
  outcome: "ok" | "usage" | "exit0" | "piperror" | "crash";
  message?: string;
  /** At the main stage: the command word pip's main parser left, if any. */
  word?: string | null;
  command?: string;
  cmdArgs?: string[];
  /** install/uninstall: pip's PEP 668 check (check_externally_managed) would run. */
  checked?: boolean;
  values?: PipValues;
}

interface OptionSpec {
  long: string[];
  short: string[];
  takesValue: boolean;
  dest: string;
  /** Values that pass its checks in some pip (the choices of every compared pip). */
  good?: string[];
}

interface Dump {
  tables: Record<"main" | "install" | "uninstall", OptionSpec[]>;
  commands: string[];
  version: string;
}

interface Input {
  args: string[];
  /** PIP_* variables for this call (besides PIP_CONFIG_FILE=/dev/null). */
  env: Record<string, string>;
  variant: FactsVariant;
}

/** A clean environment: an empty HOME, no config file, no PIP_* variable (but per request). */
function cleanEnv(home: string): Record<string, string> {
  return { HOME: home, PIP_CONFIG_FILE: "/dev/null", PATH: "/usr/bin:/bin", LANG: "C.UTF-8" };
}

function oracleScript(): string {
  // build/test/property/*.js and test/property/*.ts both find the script in the source folder.
  for (const rel of ["../../../test/property/pip_oracle.py", "./pip_oracle.py"]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error("test/property/pip_oracle.py not found");
}

class Oracle {
  private readonly pending = new Map<number, (a: unknown) => void>();
  private nextId = 1;
  private readonly cache = new Map<string, PipAnswer>();
  private stderr = "";
  misses = 0;

  private constructor(
    private readonly proc: ChildProcessWithoutNullStreams,
    private readonly home: string,
  ) {
    createInterface({ input: proc.stdout }).on("line", (line) => {
      const answer = JSON.parse(line) as { id: number };
      const resolve = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      resolve?.(answer);
    });
    proc.stderr.on("data", (d) => (this.stderr += String(d)));
    proc.on("exit", (code, signal) => {
      for (const resolve of this.pending.values()) {
        resolve({ id: -1, stage: "oracle", outcome: "crash", message: `oracle exited (${code ?? signal}): ${this.stderr}` });
      }
      this.pending.clear();
    });
  }

  static start(python: string): Oracle {
    const home = mkdtempSync(join(tmpdir(), "pipshim-oracle-"));
    const proc = spawn(python, ["-I", "-X", "utf8", oracleScript()], { env: cleanEnv(home), cwd: home, stdio: ["pipe", "pipe", "pipe"] });
    return new Oracle(proc, home);
  }

  private send(body: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.proc.stdin.write(JSON.stringify({ ...body, id }) + "\n");
    });
  }

  async dump(): Promise<Dump> {
    const a = (await this.send({ dump: true })) as { dump?: Dump; message?: string };
    if (!a.dump) throw new Error(`the pip oracle failed to start: ${a.message ?? JSON.stringify(a)}`);
    return a.dump;
  }

  private static key(args: string[], env: Record<string, string>) {
    return JSON.stringify([args, env]);
  }

  /** Asks pip about many vectors at once (the lines are pipelined; answers come back in order). */
  async prefetch(inputs: { args: string[]; env: Record<string, string> }[]): Promise<void> {
    const todo = new Map<string, { args: string[]; env: Record<string, string> }>();
    for (const i of inputs) {
      const k = Oracle.key(i.args, i.env);
      if (!this.cache.has(k)) todo.set(k, i);
    }
    await Promise.all(
      [...todo].map(async ([k, i]) => this.cache.set(k, (await this.send({ args: i.args, env: i.env })) as PipAnswer)),
    );
  }

  async read(args: string[], env: Record<string, string>): Promise<PipAnswer> {
    const k = Oracle.key(args, env);
    const hit = this.cache.get(k);
    if (hit) return hit;
    this.misses += 1;
    const a = (await this.send({ args, env })) as PipAnswer;
    this.cache.set(k, a);
    return a;
  }

  async close(): Promise<void> {
    const exited = new Promise((r) => this.proc.once("exit", r));
    this.proc.stdin.end();
    await exited;
    rmSync(this.home, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The world pipshim decides in: /usr/bin/python3 IS externally managed, in every variant.

const HOME = "/home/dev";
const PROJECT = "/home/dev/proj";

const MANAGED: InterpreterFacts = {
  path: "/usr/bin/python3",
  executable: "/usr/bin/python3",
  version: "3.11",
  prefix: "/usr",
  basePrefix: "/usr",
  inVirtualenv: false,
  baseExecutable: "/usr/bin/python3",
  stdlib: "/usr/lib/python3.11",
  externallyManaged: "/usr/lib/python3.11/EXTERNALLY-MANAGED",
  canVenv: true,
  hasVirtualenv: false,
};

const FACTS_VARIANTS = ["project", "no-project", "project-no-pip", "target-app", "no-pipx"] as const;
type FactsVariant = (typeof FACTS_VARIANTS)[number];

const PIP_CONFIG: PipConfigFiles = { global: [], user: [], site: [], envFile: { path: "/dev/null", text: "" } };

function pipEnv(extra: Record<string, string>): Env {
  return { HOME, PIP_CONFIG_FILE: "/dev/null", ...extra };
}

function makeFacts(variant: FactsVariant, env: Env): Facts {
  const venv = (path: string, state: VenvFacts["state"], installed: string[] = []): VenvFacts => ({ path, state, installed });
  const project = {
    root: PROJECT,
    foundBy: "pyproject.toml",
    venv: venv(`${PROJECT}/.venv`, variant === "project-no-pip" ? "no-pip" : "ready", ["requests", "black", "foo"]),
  };
  return {
    cwd: PROJECT,
    home: HOME,
    env: variant === "target-app" ? { ...env, PIPSHIM_TARGET: "app" } : env,
    invokedAs: "pip",
    realPip: "/usr/bin/pip",
    pipCommand: ["/usr/bin/pip"],
    pipConfig: PIP_CONFIG,
    interpreter: MANAGED,
    settings: DEFAULT_SETTINGS,
    project: variant === "no-project" || variant === "no-pipx" ? null : project,
    cwdVenv: venv(`${PROJECT}/.venv`, "ready", ["requests"]),
    defaultEnv: venv(`${HOME}/.local/share/pipshim/venv`, variant === "no-project" ? "missing" : "ready", ["six"]),
    pipx: {
      path: variant === "no-pipx" ? null : "/usr/bin/pipx",
      installed: ["black", "httpie"],
      binDir: `${HOME}/.local/bin`,
      binDirOnPath: true,
    },
    classified: new Map(),
  };
}

// ---------------------------------------------------------------------------------------------
// Generators.

/** Values that make a typed or checked option of pip 23.0.1 valid (int, float, choice, callback). */
const GOOD_VALUES: Record<string, string[]> = {
  timeout: ["5", "0.5", "15", "1e1"],
  retries: ["3", "0", "10"],
  exists_action: ["w", "i", "s", "b", "a", "wipe", "switch"],
  features_enabled: ["fast-deps", "truststore"],
  deprecated_features_enabled: ["legacy-resolver", "legacy-certs"],
  dependency_groups: ["dev", "pyproject.toml:dev", "sub/pyproject.toml:dev", "setup.cfg:dev", ":x"],
  upgrade_strategy: ["eager", "only-if-needed"],
  progress_bar: ["on", "off", "raw", "auto"],
  root_user_action: ["warn", "ignore"],
  python_version: ["3", "311", "3.11", "3.11.2", ""],
  config_settings: ["key=value", "--build-option=--x", "="],
  format_control: [":all:", ":none:", "foo,bar", "numpy"],
  keyring_provider: ["auto", "disabled", "import", "subprocess"],
  resume_retries: ["2"],
  python: ["/usr/bin/python3", "python3", ".venv", "/nonexistent/python"],
  target_dir: ["/tmp/t", "lib", "~/t", ""],
  prefix_path: ["/opt/p", "~/.local", ""],
  root_path: ["/", "/tmp/root", ""],
  json_report_file: ["report.json", "-", ""],
  requirements: ["requirements.txt", "reqs/dev.txt", "-"],
  constraints: ["constraints.txt"],
  editables: [".", "./pkg", "git+https://github.com/a/b.git#egg=b"],
  index_url: ["https://pypi.org/simple", "http://127.0.0.1:8080/"],
  find_links: ["./wheels", "https://example.com/links"],
};

const VALUE_POOL = [
  "x", "dir", "/tmp/t", "", " ", "install", "uninstall", "list", "--target", "-t", "-q", "-r", "--", "-",
  "a=b", "=", "==", "--target=x", "'single'", '"double"', "$(id)", "`id`", "a b", "ünïcødé", "日本語",
  "line\nbreak", "x;y|z&&w>o", "~/x", "*.txt", "--break-system-packages", "--dry-run", "--report", "-e",
  "requirements.txt", "5", "0", "-1", "3.11", "eager", "on", "k=v", "\t", "\\", "-h", "--help", "-V",
];

const REQUIREMENTS = [
  "requests", "requests==2.31.0", "Foo[bar,baz]>=1.0,<2", "pkg ; python_version < '3.12'", "./local/pkg",
  "../dist/x-1.0-py3-none-any.whl", "git+https://github.com/a/b.git#egg=b", "https://example.com/p-1.0.tar.gz",
  "pip", "setuptools", "black", "httpie", "file:///tmp/x", "name @ https://x/y.whl", "Django~=4.2", "numpy!=1.0",
  "ünï", "pkg==1.*", ".", "foo", "INSTALL", "install",
];

const META_UNITS = [
  ..." \t\n'\"$`\\;|&<>()*?[]{}!#~=-,.:/@%^+",
  "a", "b", "t", "q", "U", "install", "target", "-", "--", "=", "é", "日", "\u00a0", "😀", "ß", "İ",
];

const noNul = (s: string) => s.replace(/\0/g, "");

const hostileArb: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...META_UNITS), maxLength: 8 }) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 10 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        "-", "--", "---", "-=", "--=", "--=x", "-=x", "=", "==", "-\n", "--\n", "--target\n", " --target",
        "--TARGET", "-T", "--tar get", "--target =x", "-- ", "--\u00a0", "—target", "–t", "-ｔ", "--targét",
        "-q\n", "--user=", "--no-", "--no", "--n", "--r", "--p", "--pre=", "--pr", "--g", "--gr", "--k",
        "--res", "--re", "--ro", "--roo", "--us", "--u", "--d", "--dr", "--br", "--b", "--i", "--is", "-",
      ),
    },
  )
  .map(noNul);

const requirementArb = fc.constantFrom(...REQUIREMENTS);

/** Numbers as people and fuzzers write them: radix prefixes, underscores, signs, Unicode digits and spaces. */
const NUMBER_UNITS = ["0", "1", "5", "7", "8", "9", "x", "X", "b", "B", "o", "O", "_", "+", "-", " ", ".", "e", "E", "\u0661", "\u0663", "\u0668", "\uff15", "\uff17", "\u2003", "\x1c", "\x85", "\ufeff", "inf", "nan", "i", "n", "f", "a"];
const numberArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...NUMBER_UNITS), minLength: 1, maxLength: 6 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "0x1F", "0b101", "0B1", "0o17", "017", "08", "0_7", "1_000", "_1", "1__0", "1_", " 5 ", "+5", "-0", "00", "0b", "0x",
      "0x_1", "0b_1", "-0x5", " 0x5", "1e3", "5.0", ".5", "5.", "1e", "1e+5", "1_e5", "1_0.5", "inf", "-Infinity", "nan",
      "NaN", "\u0663", "0\u0663", "0b\u0661", "0x\u0669f", "0\u0668", "0_\u0663", "\u0663.\u0665", "\uff15", "\u20035", "5\x1c", "5\x85", "\ufeff5", "5\u00a0", "٣٣",
    ),
  },
);
const NUMERIC = new Set(["timeout", "retries", "resume_retries", "python_version"]);

function valueFor(dest: string, pipChoices: string[] = []): fc.Arbitrary<string> {
  const good = GOOD_VALUES[dest] || pipChoices.length ? [...new Set([...(GOOD_VALUES[dest] ?? []), ...pipChoices])] : undefined;
  const generic = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...VALUE_POOL) },
    { weight: 2, arbitrary: hostileArb },
    { weight: 1, arbitrary: requirementArb },
  );
  const choices = [{ weight: 3, arbitrary: fc.constantFrom(...(good ?? VALUE_POOL)) }, { weight: 2, arbitrary: generic }];
  if (NUMERIC.has(dest)) choices.push({ weight: 2, arbitrary: numberArb });
  return good ? fc.oneof(...choices) : generic;
}

/** One spelling of a long option: the whole name or a prefix of it (`--targ`), never shorter than `--x`. */
function longSpelling(name: string): fc.Arbitrary<string> {
  if (name.length <= 3) return fc.constant(name);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(name) },
    { weight: 1, arbitrary: fc.integer({ min: 3, max: name.length - 1 }).map((n) => name.slice(0, n)) },
  );
}

/** A use of an option from `specs`, in any of pip's spellings, with its value. */
function optionUseArb(specs: OptionSpec[]): fc.Arbitrary<string[]> {
  const forms: fc.Arbitrary<string[]>[] = [];
  for (const s of specs) {
    const value = valueFor(s.dest, s.good);
    for (const l of s.long) {
      const name = longSpelling(l);
      if (s.takesValue) {
        forms.push(
          fc.oneof(
            { weight: 3, arbitrary: fc.tuple(name, value).map(([n, v]) => [n, v]) },
            { weight: 2, arbitrary: fc.tuple(name, value).map(([n, v]) => [`${n}=${v}`]) },
            // No value: the next argument becomes it (or pip says the option requires one).
            { weight: 1, arbitrary: name.map((n) => [n]) },
          ),
        );
      } else {
        forms.push(
          fc.oneof(
            { weight: 6, arbitrary: name.map((n) => [n]) },
            { weight: 1, arbitrary: fc.tuple(name, value).map(([n, v]) => [`${n}=${v}`]) },
          ),
        );
      }
    }
    for (const sh of s.short) {
      forms.push(
        s.takesValue
          ? fc.oneof(
              { weight: 2, arbitrary: value.map((v) => [sh, v]) },
              { weight: 1, arbitrary: value.map((v) => [`${sh}${v}`]) },
            )
          : fc.constant([sh]),
      );
    }
  }
  return fc.oneof(...forms);
}

/** A cluster of short options: `-qU`, `-qqv`, `-Ur reqs.txt`, `-tDIR`, `-qx` (no such -x). */
function clusterArb(specs: OptionSpec[]): fc.Arbitrary<string[]> {
  const flags = [...new Set(specs.filter((s) => !s.takesValue).flatMap((s) => s.short.map((x) => x.slice(1))))];
  const valued = [...new Set(specs.filter((s) => s.takesValue).flatMap((s) => s.short.map((x) => x.slice(1))))];
  const letters = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...flags, "q") },
    { weight: 1, arbitrary: fc.constantFrom("x", "Z", "-", "=", "é", "1") },
  );
  const valuedLetter = valued.length > 0 ? fc.option(fc.constantFrom(...valued), { freq: 2 }) : fc.constant(null);
  return fc
    .tuple(
      fc.array(letters, { minLength: 1, maxLength: 4 }),
      valuedLetter,
      fc.constantFrom("attached", "separate", "none"),
      valueFor("target_dir"),
    )
    .map(([fs, v, how, value]) => {
      const head = `-${fs.join("")}${v ?? ""}`;
      if (v === null || how === "none") return [head];
      return how === "attached" ? [`${head}${value}`] : [head, value];
    });
}

const OTHER_COMMANDS = ["list", "freeze", "show", "download", "wheel", "config", "cache", "debug", "help", "inspect", "check", "search", "index", "hash", "completion"];
const UNKNOWN_WORDS = ["lock", "instal", "INSTALL", "Install", "install2", "frobnicate", "uninstal", "i", "-install", "install ", "pip", "python", "ïnstall"];

/** Templates: calls real users make, and the tricky shapes the brief names. */
const TEMPLATES: string[][] = [
  ["install", "requests"],
  ["install", "-r", "requirements.txt"],
  ["install", "-e", "."],
  ["install", "--user", "black"],
  ["install", "--upgrade", "pip"],
  ["-q", "--timeout", "5", "install", "requests"],
  ["--python", "/usr/bin/python3", "install", "x"],
  ["--log", "install", "install", "--target", "x"],
  ["--log", "install", "install", "x"],
  ["--log=install", "install", "x"],
  ["install", "--dry-run", "--report", "", "x"],
  ["install", "--dry-run", "--report", "r.json", "x"],
  ["install", "--dry-run", "--report=", "x"],
  ["install", "--dry-run", "x"],
  ["install", "--break-system-packages", "x"],
  ["install", "--break-sys", "x"],
  ["install", "--targ", "/tmp/t", "x"],
  ["install", "--target=", "x"],
  ["install", "-tDIR", "x"],
  ["install", "-qU", "x"],
  ["install", "--pre", "x"],
  ["install", "--pref", "x"],
  ["install", "--prefi", "/p", "x"],
  ["install", "--root", "/", "x"],
  ["install", "--roo", "/", "x"],
  ["install", "--", "--target", "x"],
  ["--", "install", "x"],
  ["-q", "--", "install", "x"],
  ["install", "x", "--user", "--target", "t"],
  ["uninstall", "-y", "x"],
  ["uninstall", "--break-system-packages", "-y", "x"],
  ["uninstall", "-r", "r.txt"],
  ["uninstall", "--target", "t", "x"],
  ["-h", "install", "x"],
  ["install", "-h", "--bogus"],
  ["--version", "install", "x"],
  ["install", "--version", "x"],
  ["help", "install"],
  ["help"],
  [],
  ["list", "--target", "x"],
  ["download", "-d", "x", "y"],
  ["install", "--timeout", "abc", "x"],
  ["install", "-C", "k=v", "x"],
  ["install", "--group", "dev"],
  ["install", "--g", "x", "y"],
  ["--keyring-provider", "auto", "install", "x"],
  ["install", "--require-virtualenv", "x"],
  ["--isolated", "install", "x"],
  ["install", "--python-version", "3.x", "x"],
  ["install", "--no-binary", "-x", "x"],
  ["install", "-e", "--target", "x"],
];

const EXTRA_GLOBAL_TOKENS: string[][] = [["-q"], ["-v"], ["-qq"], ["-vq"], ["-qv"], ["--isolated"], ["-V"], ["-h"]];
const BAD_GLOBAL_TOKENS: string[][] = [["--bogus"], ["-x"], ["-U"], ["-qU"], ["--target", "x"], ["-r", "r.txt"]];

function vectorArbs(tables: { main: OptionSpec[]; install: OptionSpec[]; uninstall: OptionSpec[] }) {
  const general = tables.main;
  const globalItem = fc.oneof(
    { weight: 16, arbitrary: optionUseArb(general) },
    { weight: 4, arbitrary: fc.constantFrom(...EXTRA_GLOBAL_TOKENS) },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_GLOBAL_TOKENS) },
    { weight: 1, arbitrary: clusterArb(general) },
    { weight: 1, arbitrary: optionUseArb(tables.install) }, // a command option before the command
    { weight: 1, arbitrary: fc.constantFrom(["--"], ["install"], ["uninstall"]) },
  );
  const itemsFor = (specs: OptionSpec[]) =>
    fc.oneof(
      { weight: 10, arbitrary: optionUseArb(specs) },
      { weight: 5, arbitrary: requirementArb.map((r) => [r]) },
      { weight: 2, arbitrary: clusterArb(specs) },
      { weight: 1, arbitrary: fc.constant(["--"]) },
      { weight: 2, arbitrary: fc.constantFrom(...VALUE_POOL).map((v) => [v]) },
      { weight: 2, arbitrary: hostileArb.map((h) => [h]) },
      { weight: 1, arbitrary: fc.constantFrom(["install"], ["uninstall"], ["--log", "install"], ["--target", "install"], ["-t", "uninstall"]) },
    );
  const structured = (command: fc.Arbitrary<string[]>, specs: OptionSpec[]) =>
    fc
      .tuple(fc.array(globalItem, { maxLength: 3 }), command, fc.array(itemsFor(specs), { maxLength: 7 }))
      .map(([g, c, rest]) => [...g.flat(), ...c, ...rest.flat()]);
  const allSpecs = [...tables.install, ...tables.uninstall];
  const anything = fc.oneof(
    { weight: 6, arbitrary: itemsFor(allSpecs) },
    { weight: 2, arbitrary: globalItem },
    { weight: 2, arbitrary: fc.constantFrom(["install"], ["uninstall"], ...OTHER_COMMANDS.map((c) => [c]), ...UNKNOWN_WORDS.map((w) => [w])) },
  );
  const argv: fc.Arbitrary<string[]> = fc.oneof(
    { weight: 14, arbitrary: structured(fc.constant(["install"]), tables.install) },
    { weight: 5, arbitrary: structured(fc.constant(["uninstall"]), tables.uninstall) },
    { weight: 2, arbitrary: structured(fc.constantFrom(...OTHER_COMMANDS.map((c) => [c])), allSpecs) },
    { weight: 1, arbitrary: structured(fc.constantFrom(...UNKNOWN_WORDS.map((w) => [w]), []), allSpecs) },
    { weight: 3, arbitrary: fc.array(anything, { maxLength: 10 }).map((xs) => xs.flat()) },
    { weight: 2, arbitrary: fc.constantFrom(...TEMPLATES) },
  );
  return argv;
}

const BOOL_OK = ["1", "0", "yes", "no", "true", "false", "on", "off", "TRUE", "Off"];
const BOOL_BAD = ["junk", " 1", "2"];
const bool = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...BOOL_OK) }, { weight: 1, arbitrary: fc.constantFrom(...BOOL_BAD) });
const entry = (name: string, value: fc.Arbitrary<string>) => value.map((v) => [name, v] as [string, string]);
/** A few PIP_* variables, which pip reads as option defaults: some exempt an install, some are invalid. */
const envArb: fc.Arbitrary<Record<string, string>> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: entry("PIP_BREAK_SYSTEM_PACKAGES", bool) },
      { weight: 1, arbitrary: entry("PIP_Break_System_Packages", bool) },
      { weight: 2, arbitrary: entry("PIP_TARGET", fc.constantFrom("/tmp/t", "", "x")) },
      { weight: 1, arbitrary: entry("PIP_PREFIX", fc.constantFrom("/opt/p", "")) },
      { weight: 1, arbitrary: entry("PIP_ROOT", fc.constantFrom("/", "")) },
      { weight: 2, arbitrary: entry("PIP_DRY_RUN", bool) },
      { weight: 2, arbitrary: entry("PIP_REPORT", fc.constantFrom("r.json", "-", "")) },
      { weight: 2, arbitrary: entry("PIP_USER", bool) },
      { weight: 1, arbitrary: entry("PIP_NO_USER", bool) },
      { weight: 1, arbitrary: entry("PIP_REQUIREMENT", fc.constantFrom("a.txt", "a.txt b.txt", " ")) },
      { weight: 1, arbitrary: entry("PIP_EDITABLE", fc.constantFrom(".", "")) },
      { weight: 1, arbitrary: entry("PIP_VERBOSE", fc.constantFrom("1", "2", "yes", "no", "-1", "x")) },
      { weight: 1, arbitrary: entry("PIP_QUIET", fc.constantFrom("1", "3", "off")) },
      { weight: 1, arbitrary: entry("PIP_TIMEOUT", fc.constantFrom("5", "5", "abc")) },
      { weight: 1, arbitrary: entry("PIP_EXISTS_ACTION", fc.constantFrom("w", "i", "zz", "wipe")) },
      { weight: 1, arbitrary: entry("PIP_REQUIRE_VIRTUALENV", bool) },
      { weight: 1, arbitrary: entry("PIP_ISOLATED", bool) },
      { weight: 1, arbitrary: entry("PIP_HELP", fc.constant("1")) },
      { weight: 1, arbitrary: entry("PIP_VERSION", fc.constant("1")) },
      { weight: 1, arbitrary: entry("PIP_TARG", fc.constant("/tmp/abbrev")) },
      { weight: 1, arbitrary: entry("PIP_PYTHON", fc.constant("/usr/bin/python3")) },
      { weight: 1, arbitrary: entry("PIP_NO_CACHE_DIR", bool) },
      { weight: 1, arbitrary: entry("PIP_NO_USE_PEP517", fc.constantFrom("1", "0")) },
      { weight: 1, arbitrary: entry("PIP_PYTHON_VERSION", fc.constantFrom("3.11", "3.x")) },
      { weight: 1, arbitrary: entry("PIP_CONFIG_SETTINGS", fc.constantFrom("k=v", "kv")) },
      { weight: 1, arbitrary: entry("PIP_NO_BINARY", fc.constantFrom(":all:", "numpy")) },
      { weight: 1, arbitrary: entry("PIP_UPGRADE_STRATEGY", fc.constantFrom("eager", "bogus")) },
      { weight: 1, arbitrary: entry("PIP_PROGRESS_BAR", fc.constantFrom("off", "raw")) },
      { weight: 1, arbitrary: entry("PIP_RETRIES", fc.constantFrom("3", "0\u0663", "x")) },
      { weight: 1, arbitrary: entry("PIP_KEYRING_PROVIDER", fc.constantFrom("auto", "import", "bogus", "")) },
      { weight: 1, arbitrary: entry("PIP_USE_FEATURE", fc.constantFrom("fast-deps", "fast-deps truststore", "bogus", "fast-deps\u001cbogus")) },
      { weight: 1, arbitrary: entry("PIP_USE_DEPRECATED", fc.constantFrom("legacy-resolver", "legacy-certs")) },
      { weight: 1, arbitrary: entry("PIP_QUIET", fc.constantFrom("1_0", "\u0663", "-0", " 2 ", "-\u0661", "+1")) },
      { weight: 1, arbitrary: entry("PIP_REQUIREMENT", fc.constantFrom("a.txt\u001cb.txt", "a.txt\u00a0b.txt", "a.txt\ufeffb.txt", "a.txt\u0085b.txt")) },
      { weight: 1, arbitrary: entry("PIP_RESUME_RETRIES", fc.constantFrom("2", "x")) },
      { weight: 1, arbitrary: entry("PIP_GROUP", fc.constantFrom("dev", "setup.cfg:dev")) },
      { weight: 1, arbitrary: entry("PIP_INSTALL_OPTION", fc.constantFrom("--x")) },
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((entries) => Object.fromEntries(entries));

// ---------------------------------------------------------------------------------------------
// Reading both answers.

const ROUTED = new Set(["install", "uninstall"]);

/** pipshim's reading of the exemption-relevant values, in the oracle's shape. */
function shimValues(call: Extract<PipCall, { kind: "routed" }>["call"]): PipValues {
  const v = call.values;
  const common = {
    override_externally_managed: isSet(v, "override_externally_managed"),
    requirements: listValue(v, "requirements"),
    positionals: call.positionals.map((p) => p.value),
    require_venv: isSet(v, "require_venv"),
  };
  if (call.command === "uninstall") return common;
  const uus = v.get("use_user_site");
  return {
    target_dir: stringValue(v, "target_dir") ?? null,
    prefix_path: stringValue(v, "prefix_path") ?? null,
    root_path: stringValue(v, "root_path") ?? null,
    dry_run: isSet(v, "dry_run"),
    json_report_file: stringValue(v, "json_report_file") ?? null,
    use_user_site: typeof uus === "boolean" ? uus : null,
    editables: listValue(v, "editables"),
    ...common,
  };
}

/** pipshim's call names nothing to install or uninstall (no requirement, no -r file, no -e). */
function namesNothing(call: Extract<PipCall, { kind: "routed" }>["call"]): boolean {
  return (
    call.positionals.length === 0 &&
    listValue(call.values, "requirements").length === 0 &&
    (call.command !== "install" || listValue(call.values, "editables").length === 0)
  );
}

function describeShim(parsed: PipCall): unknown {
  if (parsed.kind === "usage-error") return { kind: "usage-error", message: parsed.message };
  const main = { command: parsed.main.command?.name, help: parsed.main.values.get("help"), version: parsed.main.values.get("version") };
  if (parsed.kind === "other") return { kind: "other", ...main };
  return { kind: "routed", ...main, commandArgs: parsed.call.commandArgs, values: shimValues(parsed.call) };
}

/** pip allows the call: it never reaches check_externally_managed() for it. */
function pipAllows(p: PipAnswer): boolean {
  return !(p.stage === "command" && p.outcome === "ok" && p.command !== undefined && ROUTED.has(p.command) && p.checked === true);
}

// ---------------------------------------------------------------------------------------------

function check(input: Input, p: PipAnswer, stats: Map<string, number>, tables: PipOptionTables): void {
  const bump = (k: string) => stats.set(k, (stats.get(k) ?? 0) + 1);
  assert.notEqual(p.stage, "oracle", `the pip oracle failed on ${JSON.stringify(input.args)}: ${p.message}`);
  const env = pipEnv(input.env);
  const facts = makeFacts(input.variant, env);

  // (1) never throws
  let parsed: PipCall;
  let plan: Plan;
  try {
    parsed = parsePipArgs(input.args, PIP_CONFIG, env, tables);
  } catch (e) {
    assert.fail(`parsePipArgs threw on ${JSON.stringify(input.args)}: ${(e as Error).stack}`);
  }
  try {
    plan = decide(parsed, facts);
  } catch (e) {
    assert.fail(`decide threw on ${JSON.stringify(input.args)} (${input.variant}): ${(e as Error).stack}`);
  }

  const where = () =>
    `\n  args:    ${JSON.stringify(input.args)}` +
    (Object.keys(input.env).length ? `\n  env:     ${JSON.stringify(input.env)}` : "") +
    `\n  pip:     ${JSON.stringify({ ...p, message: p.message?.slice(-200) })}` +
    `\n  pipshim: ${JSON.stringify(describeShim(parsed))}` +
    `\n  plan:    ${JSON.stringify({ action: plan.action, reason: plan.reason })} (facts: ${input.variant})` +
    `\n  (pip ${tables.version}'s tables)`;

  // (2) the same reading
  if (p.stage === "main") {
    if (p.outcome === "usage") {
      const why = /no such option|ambiguous option|requires 1 argument|does not take a value|invalid choice|invalid integer value|invalid floating-point value|not a valid value|error occurred during configuration/.exec(p.message ?? "");
      bump(`pip: usage error (main): ${why?.[0] ?? "other"}`);
      assert.equal(parsed.kind, "usage-error", `pip reports a usage error; pipshim does not${where()}`);
    } else if (p.outcome === "exit0") {
      bump("pip: help/version/no command");
      assert.equal(parsed.kind, "other", `pip prints help or its version; pipshim reads otherwise${where()}`);
    } else {
      bump("pip: unknown command");
      assert.match(p.message ?? "", /unknown command/, `unexpected pip error${where()}`);
      assert.ok(parsed.kind === "other" && parsed.main.command?.name === p.word, `pip: unknown command ${JSON.stringify(p.word)}; pipshim reads otherwise${where()}`);
    }
  } else if (!ROUTED.has(p.command!)) {
    bump("pip: other command");
    assert.ok(
      parsed.kind === "other" && parsed.main.command?.name === p.command,
      `pip runs "${p.command}"; pipshim reads otherwise${where()}`,
    );
  } else {
    if (parsed.kind !== "routed" || parsed.call.command !== p.command) {
      const pipSays = p.outcome === "ok" ? `pip runs ${p.command}` : `pip stops in ${p.command}'s parser (${p.outcome})`;
      if (!(parsed.kind === "usage-error" && (p.outcome === "usage" || p.outcome === "piperror"))) {
        assert.fail(`${pipSays}; pipshim reads otherwise${where()}`);
      }
    }
    if (p.outcome === "usage" || p.outcome === "piperror") {
      bump(`pip: ${p.command} usage error`);
      assert.equal(parsed.kind, "usage-error", `pip reports a usage error in ${p.command}'s options; pipshim does not${where()}`);
    } else if (p.outcome === "exit0") {
      bump(`pip: ${p.command} --help`);
      assert.ok(parsed.kind === "routed" && isSet(parsed.call.values, "help"), `pip prints ${p.command}'s help; pipshim reads otherwise${where()}`);
    } else {
      bump(`pip: ${p.command} ${p.checked ? "checked" : "exempt"}`);
      assert.equal(parsed.kind, "routed", `pip runs ${p.command}; pipshim reads otherwise${where()}`);
      if (parsed.kind === "routed") {
        assert.deepEqual(shimValues(parsed.call), p.values, `pipshim reads the options' values otherwise${where()}`);
      }
      if (parsed.kind === "routed" && namesNothing(parsed.call)) {
        // decide() hands a call that names nothing to the real pip to answer, exempt or not.
        assert.equal(plan.action, "passthrough", `the call names nothing; pipshim does not pass it through${where()}`);
      } else {
        // decide() passes through exactly the calls pip's PEP 668 check does not apply to.
        const shimChecks = plan.action !== "passthrough";
        assert.equal(shimChecks, p.checked, `pip's PEP 668 check ${p.checked ? "applies" : "does not apply"}; pipshim's decision disagrees${where()}`);
      }
    }
  }

  // (3) what pip allows passes through untouched
  if (pipAllows(p)) {
    assert.equal(plan.action, "passthrough", `pip would allow this call, but pipshim does not pass it through${where()}`);
  }
}

// ---------------------------------------------------------------------------------------------

type TableName = "main" | "install" | "uninstall";
const TABLE_NAMES: TableName[] = ["main", "install", "uninstall"];

const foreign = (spellings: string, dest: string, takesValue: boolean): OptionSpec => {
  const names = spellings.split(" ");
  return { long: names.filter((n) => n.startsWith("--")), short: names.filter((n) => !n.startsWith("--")), takesValue, dest };
};
/** Options of other pips (newer and older than the ones compared here), so that each pip also meets options it lacks. */
const FOREIGN: Record<TableName, OptionSpec[]> = {
  main: [foreign("--keyring-provider", "keyring_provider", true), foreign("--resume-retries", "resume_retries", true)],
  install: [
    foreign("--keyring-provider", "keyring_provider", true),
    foreign("-C --config-settings", "config_settings", true),
    foreign("--group", "dependency_groups", true),
    foreign("--install-option", "install_options", true),
    foreign("--resume-retries", "resume_retries", true),
    foreign("--only-deps --only-dependencies", "only_dependencies", false),
    foreign("--uploaded-prior-to", "uploaded_prior_to", true),
    foreign("--build-constraint", "build_constraints", true),
  ],
  uninstall: [foreign("--keyring-provider", "keyring_provider", true)],
};

/** The options the generator draws from: those of every compared pip, and FOREIGN ones. */
function generatorTables(all: PipOptionTables[]): Record<TableName, OptionSpec[]> {
  const choices = new Map<string, Set<string>>();
  for (const t of all) for (const name of TABLE_NAMES) for (const o of t[name]) for (const c of o.choices ?? []) choices.set(o.dest, (choices.get(o.dest) ?? new Set()).add(c));
  const spec = (o: PipOption | OptionSpec): OptionSpec => ({ long: o.long, short: o.short, takesValue: o.takesValue, dest: o.dest, good: [...(choices.get(o.dest) ?? [])] });
  const union = (lists: (PipOption | OptionSpec)[][]) => {
    const seen = new Map<string, OptionSpec>();
    for (const o of lists.flat().map(spec)) seen.set(JSON.stringify([o.long, o.short, o.takesValue, o.dest]), o);
    return [...seen.values()];
  };
  const main = union([...all.map((t) => t.main), FOREIGN.main]);
  const generalDests = new Set(main.map((o) => o.dest));
  return {
    main,
    install: union([...all.map((t) => t.install), FOREIGN.install]),
    // The general options, all valid after uninstall too, are drawn less often there.
    uninstall: union([...all.map((t) => t.uninstall.filter((o) => !generalDests.has(o.dest))), FOREIGN.uninstall]).concat(
      main.filter((o) => ["quiet", "verbose", "isolated_mode", "python", "log", "help", "keyring_provider"].includes(o.dest)),
    ),
  };
}

/** Every Python on the machine whose pip is compared: /usr/bin/python3 first, then pyenv's. */
function candidatePythons(): string[] {
  const named = process.env.PIPSHIM_PROPERTY_PYTHONS;
  if (named) return named.split(":").filter(Boolean);
  const found = [PYTHON];
  const versions = join(process.env.PYENV_ROOT || join(process.env.HOME ?? "/root", ".pyenv"), "versions");
  try {
    for (const v of readdirSync(versions).sort()) found.push(join(versions, v, "bin", "python"));
  } catch {
    // No pyenv (CI: a fresh Debian 12).
  }
  return found.filter((p) => existsSync(p));
}

interface ComparedPip {
  python: string;
  tables: PipOptionTables;
}

/**
 * The pips to compare, each with the tables pipshim's own probe dumps from it (in a clean
 * environment, as the oracle runs): one per distinct table (pythons whose pips read every
 * vector alike add nothing), and only pips with PEP 668 (23.0 and later).
 */
async function comparedPips(cacheDir: string, notes: string[]): Promise<ComparedPip[]> {
  const pips: ComparedPip[] = [];
  const seen = new Map<string, string>();
  for (const python of candidatePythons()) {
    const facts = await interpreterFacts(python, cacheDir, cleanEnv(cacheDir));
    if ("error" in facts || !facts.pipOptions) {
      notes.push(`${python}: skipped (${"error" in facts ? facts.error : "no pip whose options the probe could read"})`);
      continue;
    }
    const tables = facts.pipOptions;
    if (Number(tables.version.split(".")[0]) < 23) {
      notes.push(`${python}: skipped (pip ${tables.version} predates PEP 668)`);
      continue;
    }
    const key = JSON.stringify(tables);
    const twin = seen.get(key);
    if (twin) {
      notes.push(`${python}: pip ${tables.version}, the same tables as ${twin}'s: not compared again`);
      continue;
    }
    seen.set(key, python);
    pips.push({ python, tables });
  }
  return pips;
}

/** A table without what depends on the machine rather than on pip (a callback's refusal here). */
const portable = (options: PipOption[]) => options.map(({ callbackError: _machine, ...o }) => o);

test("pip's argument vectors: pipshim reads and decides them as every pip here does", { timeout: 900_000 }, async (t) => {
  if (!existsSync(PYTHON)) {
    t.skip(`${PYTHON} is missing`);
    return;
  }
  const cacheDir = mkdtempSync(join(tmpdir(), "pipshim-probe-"));
  const notes: string[] = [];
  let pips: ComparedPip[];
  try {
    pips = await comparedPips(cacheDir, notes);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  assert.ok(pips.length > 0 && pips[0].python === PYTHON, `${PYTHON}'s pip must be compared: ${notes.join("; ")}`);
  t.diagnostic(`pips compared: ${pips.map((p) => `pip ${p.tables.version} (${p.python})`).join(", ")}; seed ${SEED} (PIPSHIM_PROPERTY_SEED to change)`);
  for (const n of notes) t.diagnostic(n);
  const argv = vectorArbs(generatorTables(pips.map((p) => p.tables)));
  const variant = fc.constantFrom(...FACTS_VARIANTS);

  await t.test("the built-in tables are pip 23.0.1's exactly", (tt) => {
    const pip23 = pips.find((p) => p.tables.version === "23.0.1");
    if (!pip23) return tt.skip("no pip 23.0.1 here");
    for (const name of TABLE_NAMES) assert.deepEqual(portable(BUILTIN_TABLES[name]), portable(pip23.tables[name]), `pip 23.0.1's ${name} table`);
  });

  await t.test("every callback of every compared pip is one pipshim knows", () => {
    for (const { tables } of pips) {
      for (const name of TABLE_NAMES) {
        for (const o of tables[name]) {
          if (o.callback) assert.ok((KNOWN_CALLBACKS as readonly string[]).includes(o.callback), `pip ${tables.version} ${o.long[0]}: callback ${o.callback}`);
        }
      }
    }
  });

  for (const [n, { python, tables }] of pips.entries()) {
    await t.test(`pip ${tables.version} (${python})`, async (tp) => {
      const oracle = Oracle.start(python);
      try {
        const dump = await oracle.dump();
        // The oracle's pip is the probe's: the same version and the same spellings.
        assert.equal(dump.version, tables.version);
        for (const name of TABLE_NAMES) {
          const mine = tables[name].map((o) => ({ long: o.long, short: o.short, takesValue: o.takesValue, dest: o.dest }));
          assert.deepEqual(mine, dump.tables[name], `the probe's ${name} table is the oracle's`);
        }
        const share = n === 0 ? 1 : OTHER_PIP_SHARE;
        const seed = SEED + 10 * n;

        const run = async (label: string, arb: fc.Arbitrary<Input>, numRuns: number, runSeed: number) => {
          const stats = new Map<string, number>();
          const started = Date.now();
          const params: fc.Parameters<[Input]> = { seed: runSeed, numRuns, includeErrorInReport: true, ...(REPLAY_PATH ? { path: REPLAY_PATH } : {}) };
          // Ask pip about the whole run at once (fc.sample draws the same values as fc.assert with
          // the same seed); values met while shrinking are asked one by one.
          const sampled = fc.sample(arb, { seed: runSeed, numRuns });
          await oracle.prefetch(sampled);
          const askedAt = Date.now();
          const missesBefore = oracle.misses;
          const survey = new Map<string, { n: number; examples: string[] }>();
          await fc.assert(
            fc.asyncProperty(arb, async (input) => {
              const answer = await oracle.read(input.args, input.env);
              if (!SURVEY) return check(input, answer, stats, tables);
              try {
                check(input, answer, stats, tables);
              } catch (e) {
                const msg = (e as Error).message;
                const pipTail = (answer.message ?? "").replace(/ \[exit \d\]$/, "").trim().split("\n").pop() ?? "";
                const key = `${msg.split("\n")[0]} | pip: ${answer.outcome} ${pipTail.replace(/'.*'|".*"|: .*$/g, "…")}`;
                const g = survey.get(key) ?? { n: 0, examples: [] };
                g.n += 1;
                if (g.examples.length < 3) g.examples.push(msg);
                survey.set(key, g);
              }
            }),
            params,
          );
          for (const [k, g] of [...survey].sort((a, b) => b[1].n - a[1].n)) {
            console.log(`\n=== ${g.n}x ${k}\n${g.examples.join("\n---\n")}`);
          }
          const lines = [
            `pip ${tables.version} ${label}: ${numRuns} vectors, seed ${runSeed}, pip answered in ${askedAt - started} ms, checked in ${Date.now() - askedAt} ms` +
              ` (${oracle.misses - missesBefore} asked one by one)`,
            ...[...stats].sort().map(([k, count]) => `  ${k}: ${count}`),
          ];
          for (const l of lines) tp.diagnostic(l);
        };

        await tp.test("argv only (clean environment)", async () => {
          const arb = fc.record({ args: argv, env: fc.constant({} as Record<string, string>), variant });
          await run("argv", arb, Math.round(ARGV_RUNS * share), seed);
        });

        await tp.test("argv with PIP_* variables", async () => {
          const arb = fc.record({ args: argv, env: envArb, variant });
          await run("argv+env", arb, Math.round(ENV_RUNS * share), seed + 1);
        });
      } finally {
        await oracle.close();
      }
    });
  }
});
