// The routing decision, one row per rule: pip's arguments and the facts about the world in, the
// plan out. Pure: nothing here touches the disk or spawns.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { decide } from "../../src/core/decide/decide.js";
import type { Facts } from "../../src/core/facts.js";
import type { Action, Plan, Step } from "../../src/core/plan.js";
import { parsePipArgs } from "../../src/core/pip/args.js";
import {
  DEFAULT_ENV,
  ELSEWHERE,
  PIPX,
  PROJECT_VENV,
  REAL_PIP,
  SYSTEM_PYTHON,
  app,
  facts,
  library,
  pipConfig,
  pipx,
  project,
  python,
  settings,
  venv,
} from "../fixtures/facts.js";

interface DecideCase {
  name: string;
  args: string[];
  facts?: Partial<Facts>;
  expect: {
    action: Action;
    target?: string;
    exitCode?: number;
    /** pip's own error output, shown before a refusal. */
    stderr?: string;
    steps?: Step[];
    locks?: string[];
    /** [requirement, where it goes] for each package the plan routes. */
    packages?: [string, string][];
    classify?: string[];
    reason?: RegExp;
    /** Matched against the plan's `before` lines, joined. */
    before?: RegExp;
    notBefore?: RegExp;
  };
  /** Set when the decision differs from what it should do: why. */
  todo?: string;
}

function ensure(path: string, prompt: string, extra: Partial<Extract<Step, { kind: "ensure-venv" }>> = {}): Step {
  return { kind: "ensure-venv", path, python: SYSTEM_PYTHON, systemSitePackages: false, tool: "venv", prompt, ...extra };
}
const ensureProject = (extra = {}) => ensure(PROJECT_VENV, "proj", extra);
const ensureDefault = ensure(DEFAULT_ENV, "pipshim-default", { systemSitePackages: true });

/** A venv's own pip script (pip, pip3, ...) run by the venv's python, with `args`. */
function venvPip(path: string, args: string[], env: Record<string, string | null> = {}, name = "pip"): Step {
  return { kind: "run", file: `${path}/bin/python`, args: [`${path}/bin/${name}`, ...args], env, into: path };
}
/** The real pip installing into a venv that has no pip of its own. */
function realPipInto(path: string, args: string[]): Step {
  return { kind: "run", file: REAL_PIP, args: ["--python", `${path}/bin/python`, ...args], env: { _PIP_RUNNING_IN_SUBPROCESS: null }, into: path };
}
const projectPip = (args: string[], env: Record<string, string | null> = {}) => venvPip(PROJECT_VENV, args, env);
const defaultPip = (args: string[]) => venvPip(DEFAULT_ENV, args);
const pipxRun = (args: string[], env: Record<string, string | null> = {}): Step => ({ kind: "run", file: PIPX, args, env });
/** pipx install: options, then "--" and the requirement (the last of `rest`). */
const pipxInstall = (...rest: string[]) => pipxRun(["install", "--python", SYSTEM_PYTHON, ...rest.slice(0, -1), "--", ...rest.slice(-1)]);

const inProject = (state: Parameters<typeof project>[0] = "ready", extra = {}) => ({ project: project(state, extra) });
const classified = (entries: Record<string, ReturnType<typeof app>>) => ({ classified: new Map(Object.entries(entries)) });
const passthrough = (reason: RegExp) => ({ action: "passthrough" as const, target: REAL_PIP, steps: [], reason });

const CASES: DecideCase[] = [
  // Pass-through: pip would not refuse, or pipshim must not interfere.
  { name: "pip list", args: ["list"], expect: passthrough(/pip list does not install/) },
  { name: "a usage error is pip's to report", args: ["install", "--frobnicate", "x"], facts: inProject(), expect: passthrough(/usage error.*--frobnicate/) },
  { name: "pip install --help", args: ["install", "--help"], facts: inProject(), expect: passthrough(/help/) },
  { name: "pip --version", args: ["--version"], expect: passthrough(/help or version/) },
  { name: "--target", args: ["install", "--target", "/t", "x"], facts: inProject(), expect: passthrough(/--target installs outside/) },
  { name: "--prefix", args: ["install", "--prefix=/p", "x"], expect: passthrough(/--prefix installs outside/) },
  { name: "--root", args: ["install", "--root", "/r", "x"], expect: passthrough(/--root installs outside/) },
  { name: "PIP_TARGET", args: ["install", "x"], facts: { env: { PIP_TARGET: "/t" } }, expect: passthrough(/\$PIP_TARGET installs outside/) },
  {
    name: "--dry-run with --report",
    args: ["install", "--dry-run", "--report", "r.json", "x"],
    facts: inProject(),
    expect: passthrough(/--dry-run with --report/),
  },
  {
    name: "--dry-run alone is checked by pip, so routed: the .venv's own dry run, nothing made, nothing locked",
    args: ["install", "--dry-run", "x"],
    facts: inProject(),
    expect: { action: "project", steps: [projectPip(["install", "--dry-run", "x"])], locks: [], before: /a dry run changes nothing; would install into/ },
  },
  {
    name: "--dry-run in a project without its .venv: the real pip's dry run (allowed with --report), as for a new environment",
    args: ["install", "--dry-run", "x"],
    facts: inProject("missing"),
    expect: {
      action: "project",
      steps: [{ kind: "run", file: REAL_PIP, args: ["install", "--report", "/dev/null", "--ignore-installed", "--dry-run", "x"], env: {} }],
      locks: [],
      before: /would install into .*\.venv \(project: pyproject\.toml; it would be made\)/,
    },
  },
  {
    name: "--dry-run of an application: pip's dry run for a new environment, pipx not run",
    args: ["install", "--dry-run", "black"],
    facts: classified({ black: app("black") }),
    expect: { action: "pipx", steps: [{ kind: "run", file: REAL_PIP, args: ["install", "--report", "/dev/null", "--ignore-installed", "--dry-run", "black"], env: {} }], locks: [] },
  },
  {
    name: "--dry-run with an empty --report is checked by pip, so routed",
    args: ["install", "--dry-run", "--report=", "x"],
    facts: inProject(),
    expect: { action: "project" },
  },
  {
    name: "--break-system-packages",
    args: ["install", "--break-system-packages", "x"],
    facts: inProject(),
    expect: passthrough(/--break-system-packages tells pip to ignore PEP 668/),
  },
  {
    name: "PIP_BREAK_SYSTEM_PACKAGES=1",
    args: ["install", "x"],
    facts: { ...inProject(), env: { PIP_BREAK_SYSTEM_PACKAGES: "1" } },
    expect: passthrough(/\$PIP_BREAK_SYSTEM_PACKAGES tells pip/),
  },
  {
    name: "PIP_BREAK_SYSTEM_PACKAGES=0 is routed",
    args: ["install", "x"],
    facts: { ...inProject(), env: { PIP_BREAK_SYSTEM_PACKAGES: "0" } },
    expect: { action: "project" },
  },
  {
    name: "break-system-packages in pip.conf",
    args: ["install", "x"],
    facts: { ...inProject(), pipConfig: pipConfig({ global: "[install]\nbreak-system-packages = true\n" }) },
    expect: passthrough(/break-system-packages in \/etc\/pip\.conf tells pip/),
  },
  {
    name: "break-system-packages in the user's pip.conf does not count under --isolated",
    args: ["install", "--isolated", "x"],
    facts: { ...inProject(), pipConfig: pipConfig({ user: "[global]\nbreak-system-packages = true\n" }) },
    expect: { action: "project" },
  },
  { name: "uninstall --break-system-packages", args: ["uninstall", "--break-system-packages", "x"], expect: passthrough(/--break-system-packages/) },
  {
    name: "the interpreter is a venv",
    args: ["install", "x"],
    facts: { ...inProject(), interpreter: python({ inVirtualenv: true }) },
    expect: passthrough(/is a virtual environment/),
  },
  {
    name: "the interpreter has no EXTERNALLY-MANAGED marker",
    args: ["install", "x"],
    facts: { interpreter: python({ externallyManaged: null }) },
    expect: passthrough(/no EXTERNALLY-MANAGED marker in \/usr\/lib\/python3\.11/),
  },
  { name: "PIPSHIM_DISABLE=1", args: ["install", "x"], facts: { ...inProject(), env: { PIPSHIM_DISABLE: "1" } }, expect: passthrough(/PIPSHIM_DISABLE/) },
  {
    name: "PIPSHIM_DISABLE=0 does not disable",
    args: ["install", "x"],
    facts: { ...inProject(), env: { PIPSHIM_DISABLE: "0" } },
    expect: { action: "project" },
  },
  {
    name: "the interpreter could not be probed",
    args: ["install", "x"],
    facts: { ...inProject(), interpreter: { error: "exited with 1" } },
    expect: passthrough(/could not inspect the interpreter \(exited with 1\)/),
  },
  { name: "nothing to install", args: ["install"], facts: inProject(), expect: passthrough(/nothing to install/) },
  { name: "constraints alone install nothing", args: ["install", "-c", "c.txt"], facts: inProject(), expect: passthrough(/nothing to install/) },
  { name: "nothing to uninstall", args: ["uninstall", "-y"], facts: inProject(), expect: passthrough(/nothing to uninstall/) },
  { name: "shell completion", args: ["install", "x"], facts: { ...inProject(), env: { PIP_AUTO_COMPLETE: "1" } }, expect: passthrough(/completing/) },

  // Inside a project: its .venv.
  {
    name: "project with a ready venv",
    args: ["install", "requests"],
    facts: inProject("ready"),
    expect: {
      action: "project",
      target: PROJECT_VENV,
      steps: [ensureProject(), projectPip(["install", "requests"])],
      locks: [PROJECT_VENV],
      packages: [["requests", "project"]],
      reason: /\/usr\/bin\/python3 is externally managed \(PEP 668\), and ~\/proj is a project \(pyproject\.toml\)/,
      before: /installing into ~\/proj\/\.venv \(project: pyproject\.toml\)/,
      notBefore: /creating/,
    },
  },
  {
    name: "project without a venv: it is made first",
    args: ["install", "requests"],
    facts: inProject("missing"),
    expect: { action: "project", steps: [ensureProject(), projectPip(["install", "requests"])], before: /; creating it/ },
  },
  {
    name: "project venv whose making was interrupted",
    args: ["install", "requests"],
    facts: inProject("interrupted"),
    expect: { action: "project", steps: [ensureProject(), projectPip(["install", "requests"])], before: /creating it/ },
  },
  {
    name: "project venv without pip: the real pip installs into it with --python",
    args: ["install", "requests"],
    facts: inProject("no-pip"),
    expect: { action: "project", steps: [ensureProject(), realPipInto(PROJECT_VENV, ["install", "requests"])] },
  },
  {
    name: "project venv without pip, and the user's --python",
    args: ["--python", SYSTEM_PYTHON, "install", "requests"],
    facts: inProject("no-pip"),
    expect: { action: "project", steps: [ensureProject(), realPipInto(PROJECT_VENV, ["install", "requests"])] },
  },
  {
    name: "--user is dropped with a notice",
    args: ["install", "--user", "requests"],
    facts: inProject(),
    expect: { action: "project", steps: [ensureProject(), projectPip(["install", "requests"], { PIP_USER: "0" })], before: /--user dropped/ },
  },
  {
    name: "PIP_USER=1 is neutralised with a notice",
    args: ["install", "requests"],
    facts: { ...inProject(), env: { PIP_USER: "1" } },
    expect: { action: "project", steps: [ensureProject(), projectPip(["install", "requests"], { PIP_USER: "0" })], before: /--user dropped/ },
  },
  {
    name: "--python X is dropped from the arguments",
    args: ["--python", SYSTEM_PYTHON, "install", "requests"],
    facts: inProject(),
    expect: { action: "project", steps: [ensureProject(), projectPip(["install", "requests"])] },
  },
  {
    name: "--python=X is dropped too",
    args: ["-q", `--python=${SYSTEM_PYTHON}`, "install", "requests"],
    facts: inProject(),
    expect: { action: "project", steps: [ensureProject(), projectPip(["-q", "install", "requests"])] },
  },
  {
    name: "python= in a pip config file is neutralised for the venv's pip",
    args: ["install", "requests"],
    facts: { ...inProject(), pipConfig: pipConfig({ user: "[global]\npython = /usr/bin/python3\n" }) },
    expect: { action: "project", steps: [ensureProject(), projectPip(["install", "requests"], { _PIP_RUNNING_IN_SUBPROCESS: "1" })] },
  },
  {
    name: "PIP_PYTHON is removed for the venv's pip",
    args: ["install", "requests"],
    facts: { ...inProject(), env: { PIP_PYTHON: SYSTEM_PYTHON } },
    expect: { action: "project", steps: [ensureProject(), projectPip(["install", "requests"], { PIP_PYTHON: null, _PIP_RUNNING_IN_SUBPROCESS: "1" })] },
  },
  {
    name: "invoked as pip3: the venv's pip3",
    args: ["install", "requests"],
    facts: { ...inProject(), invokedAs: "pip3" },
    expect: { action: "project", steps: [ensureProject(), venvPip(PROJECT_VENV, ["install", "requests"], {}, "pip3")] },
  },
  {
    name: "invoked as pip3.11: the venv's pip3.11",
    args: ["install", "requests"],
    facts: { ...inProject(), invokedAs: "pip3.11" },
    expect: { action: "project", steps: [ensureProject(), venvPip(PROJECT_VENV, ["install", "requests"], {}, "pip3.11")] },
  },
  {
    name: "options, -r and -e are kept",
    args: ["-q", "install", "--no-deps", "-r", "req.txt", "-e", ".", "requests"],
    facts: inProject(),
    expect: { action: "project", steps: [ensureProject(), projectPip(["-q", "install", "--no-deps", "-r", "req.txt", "-e", ".", "requests"])] },
  },
  {
    name: "a broken venv is refused",
    args: ["install", "requests"],
    facts: inProject("broken", { problem: "has no pyvenv.cfg" }),
    expect: { action: "refuse", exitCode: 1, steps: [], reason: /~\/proj\/\.venv has no pyvenv\.cfg/ },
  },
  {
    name: "an untrusted venv is refused",
    args: ["install", "requests"],
    facts: inProject("untrusted", { problem: "came with the git clone" }),
    expect: { action: "refuse", exitCode: 1, reason: /came with the git clone/ },
  },
  {
    name: "no venv module and no virtualenv: refused, naming python3-venv",
    args: ["install", "requests"],
    facts: { ...inProject("missing"), interpreter: python({ canVenv: false }) },
    expect: { action: "refuse", exitCode: 1, reason: /install the python3-venv package/ },
  },
  {
    name: "no venv module but a ready venv",
    args: ["install", "requests"],
    facts: { ...inProject("ready"), interpreter: python({ canVenv: false }) },
    expect: { action: "project" },
  },
  {
    name: "virtualenv makes the venv when it is there",
    args: ["install", "requests"],
    facts: { ...inProject("missing"), interpreter: python({ canVenv: false, hasVirtualenv: true }) },
    expect: { action: "project", steps: [ensureProject({ tool: "virtualenv" }), projectPip(["install", "requests"])] },
  },
  {
    name: "PIPSHIM_VENV_TOOL=venv prefers venv",
    args: ["install", "requests"],
    facts: { ...inProject("missing"), interpreter: python({ hasVirtualenv: true }), env: { PIPSHIM_VENV_TOOL: "venv" } },
    expect: { action: "project", steps: [ensureProject(), projectPip(["install", "requests"])] },
  },
  {
    name: "settings apps go to pipx even in a project",
    args: ["install", "black"],
    facts: { ...inProject(), settings: settings({ apps: ["Black"] }) },
    expect: { action: "pipx", target: "pipx", steps: [pipxInstall("black")], locks: [], packages: [["black", "pipx"]] },
  },
  {
    name: "in a project, settings apps and libraries split",
    args: ["install", "black", "requests"],
    facts: { ...inProject(), settings: settings({ apps: ["black"] }) },
    expect: {
      action: "mixed",
      steps: [ensureProject(), projectPip(["install", "requests"]), pipxInstall("black")],
      packages: [["black", "pipx"], ["requests", "project"]],
    },
  },

  // Outside any project: applications to pipx, libraries to the default environment.
  { name: "unclassified: classify first", args: ["install", "sometool"], expect: { action: "classify", classify: ["sometool"], steps: [] } },
  {
    name: "a known application is not downloaded to classify it",
    args: ["install", "black"],
    expect: { action: "pipx", steps: [pipxInstall("black")], before: /black → pipx \(an application\)$/m, notBefore: /guess/ },
  },
  {
    name: "a known library that ships commands goes to the default environment, not downloaded",
    args: ["install", "Flask"],
    expect: { action: "default", steps: [ensureDefault, defaultPip(["install", "Flask"])], packages: [["Flask", "default"]] },
  },
  {
    name: "an unknown package with commands: pipx, and the line says it is a guess and how to turn it",
    args: ["install", "sometool"],
    facts: classified({ sometool: app("sometool") }),
    expect: { action: "pipx", before: /sometool → pipx \(an application\): a guess from its commands \(if it is a library: pipshim config add libraries sometool\)/ },
  },
  {
    name: "a known application and a guessed one: the line names the guess and how to turn it",
    args: ["install", "black", "sometool"],
    facts: classified({ sometool: app("sometool") }),
    expect: { action: "pipx", before: /black, sometool → pipx \(applications\): a guess from its commands for sometool \(if it is a library: pipshim config add libraries sometool\)/ },
  },
  {
    name: "two guessed applications",
    args: ["install", "tool-a", "tool-b"],
    facts: classified({ "tool-a": app("tool-a"), "tool-b": app("tool-b") }),
    expect: { action: "pipx", before: /tool-a, tool-b → pipx \(applications\): a guess from their commands \(for each that is a library: pipshim config add libraries NAME\)/ },
  },
  {
    name: "a wheel named by URL: the setting applies to the wheel's own name",
    args: ["install", "https://example.org/sometool-1.0-py3-none-any.whl"],
    facts: { ...classified({ "https://example.org/sometool-1.0-py3-none-any.whl": app("sometool") }), settings: settings({ libraries: ["sometool"] }) },
    expect: { action: "default", notBefore: /guess/ },
  },
  {
    name: "an unknown package with commands and a Framework classifier: a library",
    args: ["install", "someframework"],
    facts: classified({ someframework: { kind: "app", name: "someframework", scripts: ["someframework"], classifiers: ["Framework :: Flask"] } }),
    expect: { action: "default", packages: [["someframework", "default"]], notBefore: /guess/ },
  },
  {
    name: "a known library that pipx has (an older guess) goes to the default environment now",
    args: ["install", "flask"],
    facts: { pipx: pipx({ installed: ["flask"] }) },
    expect: { action: "default", packages: [["flask", "default"]] },
  },
  {
    name: "only the unclassified are classified",
    args: ["install", "black", "requests"],
    facts: classified({ black: app("black") }),
    expect: { action: "classify", classify: ["requests"] },
  },
  {
    name: "an application goes to pipx",
    args: ["install", "black"],
    facts: classified({ black: app("black", ["black", "blackd"]) }),
    expect: {
      action: "pipx",
      target: "pipx",
      steps: [pipxInstall("black")],
      locks: [],
      packages: [["black", "pipx"]],
      before: /black → pipx \(an application\)/,
    },
  },
  {
    name: "a specifier is kept for pipx",
    args: ["install", "black==23.1"],
    facts: classified({ "black==23.1": app("black") }),
    expect: { action: "pipx", steps: [pipxInstall("black==23.1")] },
  },
  {
    name: "-U on an installed application: pipx upgrade",
    args: ["install", "-U", "black"],
    facts: { ...classified({ black: app("black") }), pipx: pipx({ installed: ["black"] }) },
    expect: { action: "pipx", steps: [pipxRun(["upgrade", "black"])] },
  },
  {
    name: "-U on an application pipx does not have: install",
    args: ["install", "-U", "black"],
    facts: classified({ black: app("black") }),
    expect: { action: "pipx", steps: [pipxInstall("black")] },
  },
  {
    name: "-U with a specifier on an installed application: install --force",
    args: ["install", "-U", "black>=23"],
    facts: { ...classified({ "black>=23": app("black") }), pipx: pipx({ installed: ["black"] }) },
    expect: { action: "pipx", steps: [pipxInstall("--force", "black>=23")] },
  },
  {
    name: "--force-reinstall: pipx --force",
    args: ["install", "--force-reinstall", "black"],
    facts: { ...classified({ black: app("black") }), pipx: pipx({ installed: ["black"] }) },
    expect: { action: "pipx", steps: [pipxInstall("--force", "black")] },
  },
  {
    name: "pip options go to pipx as one --pip-args string, guards included: none is dropped",
    args: ["install", "-i", "https://idx/simple", "--trusted-host", "idx", "--no-deps", "--require-hashes", "-c", "c.txt", "--only-binary", ":all:", "black"],
    facts: classified({ black: app("black") }),
    expect: {
      action: "pipx",
      steps: [pipxInstall("--pip-args=--index-url=https://idx/simple --trusted-host=idx --no-deps --require-hashes --constraint=c.txt --only-binary=:all:", "black")],
      notBefore: /not passed/,
    },
  },
  {
    name: "--pip-args values are shell-quoted",
    args: ["install", "--cert", "/my certs/ca.pem", "black"],
    facts: classified({ black: app("black") }),
    expect: { action: "pipx", steps: [pipxInstall("--pip-args='--cert=/my certs/ca.pem'", "black")] },
  },
  {
    name: "the user's --python is given to pipx, so it is not reported as dropped",
    args: ["--python", SYSTEM_PYTHON, "install", "black"],
    facts: classified({ black: app("black") }),
    expect: { action: "pipx", steps: [pipxInstall("black")], notBefore: /not passed to pipx/ },
  },
  {
    name: "PIP_PYTHON must not reach the pip that pipx runs",
    args: ["install", "black"],
    facts: { ...classified({ black: app("black") }), env: { PIP_PYTHON: SYSTEM_PYTHON } },
    expect: { action: "pipx", steps: [pipxRun(["install", "--python", SYSTEM_PYTHON, "--", "black"], { PIP_PYTHON: null, _PIP_RUNNING_IN_SUBPROCESS: "1" })] },
  },
  {
    name: "a library goes to the default environment, made with system site-packages",
    args: ["install", "requests"],
    facts: classified({ requests: library("requests") }),
    expect: {
      action: "default",
      target: DEFAULT_ENV,
      steps: [ensureDefault, defaultPip(["install", "requests"])],
      locks: [DEFAULT_ENV],
      packages: [["requests", "default"]],
      before: /installing into pipshim's default environment ~\/\.local\/share\/pipshim\/default-python3\.11 \(creating it\)/,
    },
  },
  {
    name: "pip, setuptools and wheel are never applications",
    args: ["install", "-U", "pip", "setuptools", "Wheel"],
    expect: { action: "default", steps: [ensureDefault, defaultPip(["install", "-U", "pip", "setuptools", "Wheel"])] },
  },
  {
    name: "settings libraries are not classified",
    args: ["install", "httpie"],
    facts: { settings: settings({ libraries: ["httpie"] }) },
    expect: { action: "default", steps: [ensureDefault, defaultPip(["install", "httpie"])] },
  },
  {
    name: "a requirement file outside a project: the default environment",
    args: ["install", "-r", "req.txt"],
    expect: { action: "default", steps: [ensureDefault, defaultPip(["install", "-r", "req.txt"])], reason: /requirement files install libraries/ },
  },
  {
    name: "an application and a library: mixed",
    args: ["install", "black", "requests"],
    facts: classified({ black: app("black"), requests: library("requests") }),
    expect: {
      action: "mixed",
      target: DEFAULT_ENV,
      steps: [ensureDefault, defaultPip(["install", "requests"]), pipxInstall("black")],
      packages: [["black", "pipx"], ["requests", "default"]],
    },
  },
  {
    name: "pip could not get a requirement: its output and status",
    args: ["install", "nosuch"],
    facts: classified({ nosuch: { kind: "error", output: "ERROR: No matching distribution found for nosuch\n", status: 2 } }),
    expect: {
      action: "refuse",
      exitCode: 2,
      stderr: "ERROR: No matching distribution found for nosuch\n",
      reason: /pip could not get nosuch/,
    },
  },
  {
    name: "an application without pipx is refused",
    args: ["install", "black"],
    facts: { ...classified({ black: app("black") }), pipx: pipx({ path: null }) },
    expect: { action: "refuse", exitCode: 1, reason: /black is an application and belongs in pipx, which is not installed/ },
  },

  // PIPSHIM_TARGET.
  {
    name: "PIPSHIM_TARGET=project outside a project: the current folder's venv",
    args: ["install", "black"],
    facts: { env: { PIPSHIM_TARGET: "project" } },
    expect: {
      action: "project",
      target: `${ELSEWHERE}/.venv`,
      steps: [ensure(`${ELSEWHERE}/.venv`, "scratch"), venvPip(`${ELSEWHERE}/.venv`, ["install", "black"])],
      reason: /PIPSHIM_TARGET=project/,
    },
  },
  {
    name: "PIPSHIM_TARGET=app in a project",
    args: ["install", "requests"],
    facts: { ...inProject(), env: { PIPSHIM_TARGET: "app" } },
    expect: { action: "pipx", steps: [pipxInstall("requests")] },
  },
  {
    name: "PIPSHIM_TARGET=default in a project",
    args: ["install", "black"],
    facts: { ...inProject(), env: { PIPSHIM_TARGET: "default" } },
    expect: { action: "default", steps: [ensureDefault, defaultPip(["install", "black"])] },
  },
  {
    name: "an invalid PIPSHIM_TARGET",
    args: ["install", "x"],
    facts: { ...inProject(), env: { PIPSHIM_TARGET: "venv" } },
    expect: { action: "refuse", exitCode: 2, reason: /PIPSHIM_TARGET must be project, app or default, not "venv"/ },
  },
  {
    name: "PIPSHIM_TARGET=app with -r",
    args: ["install", "-r", "req.txt"],
    facts: { env: { PIPSHIM_TARGET: "app" } },
    expect: { action: "refuse", exitCode: 2 },
  },
  {
    name: "an empty PIPSHIM_TARGET is no override",
    args: ["install", "x"],
    facts: { ...inProject(), env: { PIPSHIM_TARGET: "" } },
    expect: { action: "project" },
  },

  // Uninstall: from wherever the package is.
  {
    name: "uninstall from the project's venv",
    args: ["uninstall", "-y", "requests"],
    facts: inProject("ready", { installed: ["requests"] }),
    expect: { action: "project", target: PROJECT_VENV, steps: [projectPip(["uninstall", "-y", "requests"])], locks: [PROJECT_VENV] },
  },
  {
    name: "uninstall by a differently spelt name",
    args: ["uninstall", "Foo_Bar"],
    facts: inProject("ready", { installed: ["foo-bar"] }),
    expect: { action: "project", steps: [projectPip(["uninstall", "Foo_Bar"])], packages: [["Foo_Bar", "project"]] },
  },
  {
    name: "uninstall from pipx",
    args: ["uninstall", "black"],
    facts: { pipx: pipx({ installed: ["black"] }) },
    expect: { action: "pipx", target: "pipx", steps: [pipxRun(["uninstall", "black"])], locks: [] },
  },
  {
    name: "the project's venv before pipx",
    args: ["uninstall", "black"],
    facts: { ...inProject("ready", { installed: ["black"] }), pipx: pipx({ installed: ["black"] }) },
    expect: { action: "project", steps: [projectPip(["uninstall", "black"])] },
  },
  {
    name: "uninstall from the default environment",
    args: ["uninstall", "requests"],
    facts: { defaultEnv: venv(DEFAULT_ENV, "ready", { installed: ["requests"] }) },
    expect: { action: "default", target: DEFAULT_ENV, steps: [defaultPip(["uninstall", "requests"])] },
  },
  {
    name: "uninstall from the project and pipx: mixed",
    args: ["uninstall", "-y", "black", "requests"],
    facts: { ...inProject("ready", { installed: ["requests"] }), pipx: pipx({ installed: ["black"] }) },
    expect: {
      action: "mixed",
      steps: [projectPip(["uninstall", "-y", "requests"]), pipxRun(["uninstall", "black"])],
      packages: [["black", "pipx"], ["requests", "project"]],
    },
  },
  {
    name: "installed nowhere, no environment: pip's warning",
    args: ["uninstall", "nosuch==1.0"],
    expect: { action: "default", steps: [{ kind: "not-installed", names: ["nosuch"] }], locks: [] },
  },
  {
    name: "installed nowhere, in a project: the project's pip says so",
    args: ["uninstall", "nosuch"],
    facts: inProject("ready", { installed: [] }),
    expect: { action: "project", steps: [projectPip(["uninstall", "nosuch"])] },
  },
  {
    name: "installed nowhere, outside a project: the default environment's pip says so",
    args: ["uninstall", "nosuch"],
    facts: { defaultEnv: venv(DEFAULT_ENV, "ready", { installed: [] }) },
    expect: { action: "default", steps: [defaultPip(["uninstall", "nosuch"])] },
  },
  {
    name: "uninstall --python X in a project",
    args: ["--python", SYSTEM_PYTHON, "uninstall", "requests"],
    facts: inProject("ready", { installed: ["requests"] }),
    expect: { action: "project", steps: [projectPip(["uninstall", "requests"])] },
  },
  {
    name: "uninstall of a package only the system has (apt's) is refused, not reported missing",
    args: ["uninstall", "-y", "python-apt"],
    facts: { systemInstalled: ["python-apt", "requests"] },
    expect: { action: "refuse", exitCode: 1, reason: /python-apt is installed in \/usr\/bin\/python3's own packages, which the system's package manager owns/ },
  },
  {
    name: "uninstall -r with no environment is refused",
    args: ["uninstall", "-r", "req.txt"],
    expect: { action: "refuse", exitCode: 1, reason: /no environment to uninstall requirement files from/ },
  },
  {
    name: "uninstall from pipx without pipx is refused",
    args: ["uninstall", "black"],
    facts: { pipx: pipx({ path: null, installed: ["black"] }) },
    expect: { action: "refuse", exitCode: 1 },
  },
  {
    name: "PIPSHIM_TARGET=app uninstalls with pipx",
    args: ["uninstall", "black"],
    facts: { ...inProject("ready", { installed: ["black"] }), env: { PIPSHIM_TARGET: "app" } },
    expect: { action: "pipx", steps: [pipxRun(["uninstall", "black"])] },
  },
  {
    name: "uninstall -r goes to the fallback environment only",
    args: ["uninstall", "-y", "-r", "req.txt", "bar"],
    facts: { ...inProject("ready", { installed: ["foo"] }), defaultEnv: venv(DEFAULT_ENV, "ready", { installed: ["bar"] }) },
    expect: { action: "default", steps: [defaultPip(["uninstall", "-y", "bar"]), projectPip(["uninstall", "-y", "-r", "req.txt"])] },
  },
  {
    name: "uninstall in a project whose venv is untrusted is refused, as install is",
    args: ["uninstall", "requests"],
    facts: inProject("untrusted", { problem: "came with the git clone" }),
    expect: { action: "refuse", exitCode: 1, reason: /came with the git clone/ },
  },
];

function check(plan: Plan, e: DecideCase["expect"]) {
  assert.equal(plan.action, e.action, `${plan.action}: ${plan.reason}`);
  // The plan's kind follows from its action: refusals and classifications are kinds of their
  // own, pass-throughs too, and every route is a list of steps.
  const kind = e.action === "refuse" || e.action === "classify" || e.action === "passthrough" ? e.action : "steps";
  assert.equal(plan.kind, kind);
  // The rows below pin the runs; the check that pipx's commands are there, and the lock per
  // application, have rows of their own (PIPX_TRUTH).
  // (What a pipx run checks under its lock first has rows of its own too.)
  const steps = plan.kind === "steps" ? plan.steps.filter((s) => s.kind !== "check-commands").map((s) => (s.kind === "run" && s.pipx ? (({ pipx: _, ...rest }) => rest)(s) : s)) : [];
  const before = plan.kind === "steps" ? plan.before : [];
  if (e.target !== undefined) assert.equal(plan.target, e.target);
  if (e.exitCode !== undefined) assert.equal(plan.kind === "refuse" ? plan.exitCode : undefined, e.exitCode);
  if (e.stderr !== undefined) assert.equal(plan.kind === "refuse" ? plan.stderr : undefined, e.stderr);
  if (e.steps) assert.deepEqual(steps, e.steps);
  if (e.locks) assert.deepEqual(plan.kind === "steps" ? plan.locks.filter((l) => !l.startsWith("pipx")) : [], e.locks);
  if (e.packages) assert.deepEqual((plan.packages ?? []).map((p) => [p.requirement, p.action]), e.packages);
  if (e.classify) assert.deepEqual(plan.kind === "classify" ? plan.requirements : undefined, e.classify);
  if (e.reason) assert.match(plan.reason, e.reason);
  if (e.before) assert.match(before.join("\n"), e.before);
  if (e.notBefore) assert.doesNotMatch(before.join("\n"), e.notBefore);
}

// The pipx route tells the truth: one install of an application at a time (a lock per
// application), "on PATH" only once its commands are there, a half-made pipx venv repaired.
describe("decide: the pipx route", () => {
  test("a lock per application, and a check of its commands after pipx", () => {
    const f = facts(classified({ black: app("black", ["black", "blackd"]) }));
    const plan = decide(parsePipArgs(["install", "black"], f.pipConfig, f.env), f);
    assert.equal(plan.kind, "steps");
    if (plan.kind !== "steps") return;
    assert.deepEqual(plan.locks, ["pipx-shared", "pipx:black"]);
    assert.deepEqual(plan.steps.at(-1), { kind: "check-commands", commands: ["black", "blackd"], dir: f.pipx.binDir });
    const run = plan.steps[0];
    assert.deepEqual(run.kind === "run" ? run.pipx : undefined, { app: "black", verb: "install", binDir: f.pipx.binDir });
  });
  test("an uninstall takes the same locks as an install, and says what it removes", () => {
    const f = facts({ pipx: pipx({ installed: ["black"] }) });
    const plan = decide(parsePipArgs(["uninstall", "-y", "black"], f.pipConfig, f.env), f);
    assert.equal(plan.kind, "steps");
    if (plan.kind !== "steps") return;
    assert.deepEqual(plan.locks, ["pipx-shared", "pipx:black"]);
    const run = plan.steps[0];
    assert.deepEqual(run.kind === "run" ? run.pipx : undefined, { app: "black", verb: "uninstall", binDir: f.pipx.binDir });
    assert.match(plan.before.join("\n"), /uninstalling from pipx$/);
  });
  test("an upgrade of an application found gone under the lock becomes an install --force", () => {
    const f = facts({ ...classified({ black: app("black") }), pipx: pipx({ installed: ["black"] }) });
    const plan = decide(parsePipArgs(["install", "-U", "black"], f.pipConfig, f.env), f);
    assert.equal(plan.kind, "steps");
    if (plan.kind !== "steps") return;
    const run = plan.steps[0];
    assert.deepEqual(run.kind === "run" ? [run.args, run.pipx?.verb, run.pipx?.ifGone] : undefined, [
      ["upgrade", "black"],
      "upgrade",
      ["install", "--python", SYSTEM_PYTHON, "--force", "--", "black"],
    ]);
  });
  test("a pipx venv left half made is installed again with --force, and said so", () => {
    const f = facts({ ...classified({ black: app("black") }), pipx: pipx({ halfMade: ["black"] }) });
    const plan = decide(parsePipArgs(["install", "black"], f.pipConfig, f.env), f);
    assert.equal(plan.kind, "steps");
    if (plan.kind !== "steps") return;
    assert.deepEqual((({ pipx: _, ...rest }) => rest)(plan.steps[0] as Extract<Step, { kind: "run" }>), pipxInstall("--force", "black"));
    assert.match(plan.before.join("\n"), /black's pipx environment was left half made: installing it again \(--force\)/);
  });
});

describe("decide", () => {
  for (const c of CASES) {
    test(`${c.name}: pip ${c.args.join(" ")}`, { todo: c.todo }, () => {
      const f = facts(c.facts);
      check(decide(parsePipArgs(c.args, f.pipConfig, f.env), f), c.expect);
    });
  }
});
