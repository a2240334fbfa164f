// The routing decision: a pure function of pip's arguments (as read by src/core/pip/args.ts) and the
// facts about the world (src/core/facts.ts), returning a plan (src/core/plan.ts). Every rule in
// the README's routing table lives here, and test/unit/decide.test.ts pins each one down.

import { forwardedOptions, isSet, listValue, stringValue, type PipCall, type RoutedCall } from "../pip/args.js";
import { isUsable, type Facts, type InterpreterFacts, type VenvFacts } from "../facts.js";
import type { PackageRoute, Plan, PlanOf, RouteSignal, Step } from "../plan.js";
import { packageKind, type KindDecision } from "./package-kind.js";
import { basename } from "node:path";
import { displayPath, isPipName, truthy, normalizeName, requirementName, shellPath, shellQuote } from "../names.js";
import { pipCommandFor } from "../venv-pip.js";

type Routed = Extract<PipCall, { kind: "routed" }>;

export function isManaged(i: InterpreterFacts): boolean {
  return !i.inVirtualenv && i.externallyManaged !== null;
}

function interpreterOf(facts: Facts): InterpreterFacts | undefined {
  return "error" in facts.interpreter ? undefined : facts.interpreter;
}

function passthrough(facts: Facts, reason: string): PlanOf<"passthrough"> {
  return { kind: "passthrough", action: "passthrough", reason, interpreter: interpreterOf(facts)?.path, target: facts.realPip };
}

function refuse(facts: Facts, reason: string, exitCode: number, stderr?: string): PlanOf<"refuse"> {
  const plan: PlanOf<"refuse"> = { kind: "refuse", action: "refuse", reason, interpreter: interpreterOf(facts)?.path, exitCode };
  if (stderr !== undefined) plan.stderr = stderr;
  return plan;
}

/** Why pip itself would not refuse this call, or undefined when it would (PEP 668 as pip applies it). */
function pipAllows(call: RoutedCall, facts: Facts): string | undefined {
  const v = call.values;
  const source = (dest: string, flag: string) => {
    const item = call.configSources.get(dest);
    if (!item) return flag;
    return item.source.startsWith("PIP_") ? `$${item.source}` : `${item.key} in ${item.source}`;
  };
  if (isSet(v, "help")) return "pip prints help";
  if (call.command === "install") {
    const outside: [string, string][] = [
      ["target_dir", "--target"],
      ["prefix_path", "--prefix"],
      ["root_path", "--root"],
    ];
    for (const [dest, flag] of outside) {
      if (stringValue(v, dest) !== undefined) {
        return `${source(dest, flag)} installs outside the interpreter's environment, which pip allows`;
      }
    }
    if (isSet(v, "dry_run") && stringValue(v, "json_report_file")) {
      return "--dry-run with --report installs nothing, which pip allows";
    }
  }
  if (isSet(v, "override_externally_managed")) {
    return `${source("override_externally_managed", "--break-system-packages")} tells pip to ignore PEP 668`;
  }
  const i = interpreterOf(facts);
  if (i && !isManaged(i)) {
    const why = i.inVirtualenv ? "is a virtual environment" : `has no EXTERNALLY-MANAGED marker in ${i.stdlib}`;
    return `${i.path} ${why}: not externally managed, so pip installs as asked`;
  }
  return undefined;
}

/**
 * The arguments for an environment's own pip: pip's own, minus `--python` (it would re-run pip
 * under the system interpreter), `--user` (it would install outside the environment), and the
 * requirements that go elsewhere; plus the environment changes that neutralise the same settings
 * when they come from PIP_* variables or pip's config files.
 */
function argsForEnvironment(parsed: Routed, keep: Set<string>, facts: Facts, withFiles: boolean) {
  const { main, call } = parsed;
  const drop = new Set<number>();
  const dropUse = (indexes: number[]) => indexes.forEach((i) => drop.add(i));
  for (const use of main.uses) {
    if (use.option.dest === "python") dropUse([use.index, use.index + use.span - 1]);
  }
  let droppedUser = false;
  for (const use of call.uses) {
    const at = [call.originalIndex[use.index], call.originalIndex[use.index + use.span - 1]];
    if (use.name === "--user") {
      dropUse(at);
      droppedUser = true;
    } else if (!withFiles && !use.clustered && ["requirements", "editables"].includes(use.option.dest)) {
      dropUse(at);
    }
  }
  for (const p of call.positionals) if (!keep.has(p.value)) drop.add(call.originalIndex[p.index]);
  const env = pythonNeutralEnv(parsed, facts);
  if (call.values.get("use_user_site") === true) {
    env.PIP_USER = "0";
    droppedUser = true;
  }
  return { args: parsed.args.filter((_, i) => !drop.has(i)), env, droppedUser };
}

/**
 * Environment changes for a pip that must stay in its own environment: pip's python setting
 * (PIP_PYTHON, python= in a config file) would make it re-run itself under the system Python,
 * and pip skips that when _PIP_RUNNING_IN_SUBPROCESS is set.
 */
function pythonNeutralEnv(parsed: Routed, facts: Facts): Record<string, string | null> {
  const env: Record<string, string | null> = {};
  if (facts.env.PIP_PYTHON !== undefined) env.PIP_PYTHON = null;
  if (parsed.main.fromConfig.has("python")) env._PIP_RUNNING_IN_SUBPROCESS = "1";
  return env;
}

/** Where a library goes: a project's environment, or pipshim's default one. */
interface Destination {
  kind: "project" | "default";
  venv: VenvFacts;
  /** For a project: its root and what made it one. */
  root?: string;
  foundBy?: string;
}

/** Steps that run pip in a place; `direct` when they come down to its own pip with the call's own arguments and environment. */
interface PipSteps {
  steps: Step[];
  direct: boolean;
}

/**
 * Steps that run pip (with `args`) in a place; for an install, making its environment first when
 * it has none (the executor checks again under the environment's lock).
 */
function pipInPlace(place: Destination, interp: InterpreterFacts, facts: Facts, parsed: Routed, args: string[], env: Record<string, string | null>, install: boolean): PipSteps | PlanOf<"refuse"> {
  const v = place.venv;
  if (v.state === "broken" || v.state === "untrusted") return refuse(facts, `${displayPath(v.path, facts.home)} ${v.problem}`, 1);
  const steps: Step[] = [];
  if (install) {
    if ((v.state === "missing" || v.state === "interrupted") && !interp.canVenv && !interp.hasVirtualenv) {
      return refuse(
        facts,
        `${interp.path} cannot create virtual environments (its ensurepip module is missing): ` +
          "install the python3-venv package (sudo apt install python3-venv) and try again",
        1,
      );
    }
    steps.push({
      kind: "ensure-venv",
      path: v.path,
      python: interp.path,
      systemSitePackages: place.kind === "default",
      tool: interp.hasVirtualenv && facts.env.PIPSHIM_VENV_TOOL !== "venv" ? "virtualenv" : "venv",
      prompt: place.kind === "project" && place.root ? basename(place.root) : "pipshim-default",
    });
  }
  if (v.state === "no-pip") {
    // The user's pip-less environment stays as it is: the real pip installs into it from outside,
    // and must honour this --python (which beats a python setting from PIP_PYTHON or a file).
    const [file, ...pre] = facts.pipCommand;
    steps.push({ kind: "run", file, args: [...pre, "--python", `${v.path}/bin/python`, ...args], env: { ...env, _PIP_RUNNING_IN_SUBPROCESS: null }, into: v.path });
  } else {
    // The environment's pip script, run by its own python: a script whose path needs quoting
    // (virtualenv writes a sh wrapper then, which breaks on quotes) runs as well as any other,
    // and pip still names itself after the script.
    const name = isPipName(facts.invokedAs) ? facts.invokedAs : "pip";
    const pip = pipCommandFor(v.path, name);
    steps.push({ kind: "run", file: pip.file, args: [...pip.args, ...args], env, into: v.path });
  }
  const unchanged = args.length === parsed.args.length && args.every((a, i) => a === parsed.args[i]) && Object.keys(env).length === 0;
  // The shell runs <venv>/bin/<pip> itself: not where that script cannot run (a line break in the path).
  return { steps, direct: v.state === "ready" && unchanged && !/[\r\n]/.test(v.path) };
}

/**
 * The call's pip options for pipx's pip, as one --pip-args string: every option but those pipshim
 * turns into pipx's own (-U, --force-reinstall, --python, ...). Options that limit or verify what
 * gets installed (--require-hashes, -c, --no-deps, --only-binary, ...) are never dropped.
 */
function pipArgsForPipx(call: RoutedCall, downloads: string | undefined): { pipArgs: string[]; dropped: string[] } {
  const all = new Set(call.uses.map((u) => u.option.dest).filter((d) => !HANDLED_FOR_PIPX.has(d)));
  const { kept, dropped } = forwardedOptions(call, all, HANDLED_FOR_PIPX);
  // What classification downloaded already, pipx's pip finds there (after the user's own links).
  if (downloads) kept.push(`--find-links=${downloads}`);
  // One word, `--pip-args=...`: pipx's argparse takes a separate value that starts with "-" for an option.
  return { pipArgs: kept.length > 0 ? [`--pip-args=${kept.map(shellQuote).join(" ")}`] : [], dropped };
}

const HANDLED_FOR_PIPX = new Set(["upgrade", "force_reinstall", "use_user_site", "verbose", "quiet", "requirements", "editables", "python", "dry_run"]);

/**
 * A dry run changes nothing anywhere: no environment is made, pipx is not run. pip's own dry run
 * says what it would install there: the environment's pip where it exists, else the real pip with
 * --dry-run --report (which PEP 668 allows; --ignore-installed, since a new environment has none
 * of the system's packages but the default one, made with them).
 */
function dryRunSteps(parsed: Routed, facts: Facts, requirements: string[], withFiles: boolean, fresh: boolean): Step {
  const { args } = argsForEnvironment(parsed, new Set(requirements), facts, withFiles);
  const at = args.indexOf(parsed.call.command);
  const extra = ["--report", "/dev/null", ...(fresh ? ["--ignore-installed"] : [])];
  const [file, ...pre] = facts.pipCommand;
  // The caller's own report file (pip's last --report wins) is kept; an empty one (`--report ''`:
  // no report, so pip would refuse the dry run as any install) gives way to pipshim's, put after
  // it (before a `--`, after which every word is a requirement).
  if (stringValue(parsed.call.values, "json_report_file") === "") {
    const end = args.indexOf("--", at + 1);
    const cut = end === -1 ? args.length : end;
    return { kind: "run", file, args: [...pre, ...args.slice(0, cut), ...extra, ...args.slice(cut)], env: {} };
  }
  return { kind: "run", file, args: [...pre, ...args.slice(0, at + 1), ...extra, ...args.slice(at + 1)], env: {} };
}

const managedText = (i: InterpreterFacts) => `${i.path} is externally managed (PEP 668)`;

/** The decision. */
export function decide(parsed: PipCall, facts: Facts): Plan {
  if (truthy(facts.env.PIPSHIM_DISABLE)) return passthrough(facts, "PIPSHIM_DISABLE is set");
  if (parsed.kind === "usage-error") return passthrough(facts, `pip reports the usage error itself (${parsed.message})`);
  if (facts.env.PIP_AUTO_COMPLETE !== undefined) return passthrough(facts, "pip is completing a command line");
  if (parsed.kind === "other") {
    const cmd = parsed.main.command?.name;
    const v = parsed.main.values;
    if (!cmd || v.get("version") === true || v.get("help") === true) return passthrough(facts, "pip prints its help or version");
    return passthrough(facts, `pip ${cmd} does not install or uninstall, so PEP 668 does not apply to it`);
  }
  const { call } = parsed;
  const allowed = pipAllows(call, facts);
  if (allowed) return passthrough(facts, allowed);
  const interp = interpreterOf(facts);
  if (!interp) {
    return passthrough(facts, `pipshim could not inspect the interpreter (${(facts.interpreter as { error: string }).error}), so pip decides`);
  }

  const override = facts.env.PIPSHIM_TARGET || undefined;
  if (override !== undefined && !["project", "app", "default"].includes(override)) {
    return refuse(facts, `PIPSHIM_TARGET must be project, app or default, not "${override}"`, 2);
  }
  const requirements = call.positionals.map((p) => p.value);
  const files = [...listValue(call.values, "requirements"), ...(call.command === "install" ? listValue(call.values, "editables") : [])];
  if (requirements.length === 0 && files.length === 0) return passthrough(facts, `nothing to ${call.command}: pip answers that itself`);
  if (override === "app" && files.length > 0) {
    return refuse(facts, "PIPSHIM_TARGET=app installs named packages with pipx; requirement files and -e need an environment", 2);
  }

  let project: Destination | null = null;
  if (override === "project") {
    project = facts.project
      ? { kind: "project", ...facts.project }
      : { kind: "project", venv: facts.cwdVenv, root: facts.cwd, foundBy: "PIPSHIM_TARGET=project" };
  } else if (facts.project && override !== "default") {
    project = { kind: "project", ...facts.project };
  }
  const libraryPlace: Destination = project ?? { kind: "default", venv: facts.defaultEnv };
  const target = { override, libraryPlace };
  return call.command === "install"
    ? decideInstall(parsed, facts, interp, target, requirements, files)
    : decideUninstall(parsed, facts, interp, target, requirements, files);
}

/** Where packages go unless something says otherwise, and PIPSHIM_TARGET, if set. */
interface Target {
  override: string | undefined;
  libraryPlace: Destination;
}

function decideInstall(parsed: Routed, facts: Facts, interp: InterpreterFacts, { override, libraryPlace }: Target, requirements: string[], files: string[]): Plan {
  const { call } = parsed;
  const routes: PackageRoute[] = [];
  const unknown: string[] = [];
  const unbuilt: string[] = [];
  const scriptsOf = new Map<string, string[]>();
  for (const req of requirements) {
    const name = requirementName(req);
    const norm = name === undefined ? undefined : normalizeName(name);
    const lib = (why: string, decidedBy: RouteSignal, n = name) =>
      routes.push({ requirement: req, name: n, action: libraryPlace.kind, target: libraryPlace.venv.path, why, decidedBy });
    const app = (why: string, decidedBy: RouteSignal, n = name) => routes.push({ requirement: req, name: n, action: "pipx", target: "pipx", why, decidedBy });
    const route = (d: KindDecision, n = name) => (d.kind === "app" ? app(d.why, d.signal, n) : lib(d.why, d.signal, n));
    const c = facts.classified.get(req);
    // A setting or the known list: no download needed to tell (its commands are named when known).
    const early = packageKind(name, facts.settings);
    if (early?.kind === "app" && c?.kind === "app") scriptsOf.set(req, c.scripts);
    if (override === "app") app("PIPSHIM_TARGET=app", "target");
    else if (override) lib(`PIPSHIM_TARGET=${override}`, "target");
    else if (early?.signal === "setting") route(early);
    else if (libraryPlace.kind === "project") lib("is installed into the project", "project");
    else if (early) route(early);
    // Installed where it would go already: no need to download it to find out what it is.
    else if (!c && norm && (facts.pipx.installed ?? []).includes(norm)) app("is installed with pipx already", "installed");
    else if (!c && norm && isUsable(libraryPlace.venv) && (libraryPlace.venv.installed ?? []).includes(norm)) {
      lib("is installed in pipshim's default environment already", "installed");
    } else if (!c) unknown.push(req);
    else if (c.kind === "needs-build") unbuilt.push(`${req} (${c.why})`);
    else if (c.kind === "error") {
      return refuse(facts, `pip could not get ${req}`, c.status, c.output);
    } else {
      // The wheel's own name counts for the settings too (a URL or a path names no project).
      const scripts = c.kind === "app" ? c.scripts : [];
      const d = packageKind(c.name, facts.settings, { scripts, classifiers: c.classifiers ?? [] })!;
      if (d.kind === "app") scriptsOf.set(req, scripts);
      route(d, c.name);
    }
  }
  if (unknown.length > 0 || unbuilt.length > 0) {
    const why =
      "outside any project, an application goes to pipx and a library to pipshim's default environment: " +
      "its wheel tells which (its classifiers, else whether it provides commands)";
    return {
      kind: "classify",
      action: "classify",
      reason: unbuilt.length > 0 ? `${why}; a build would be needed to tell for ${unbuilt.join(", ")}, which pip install does first` : why,
      interpreter: interp.path,
      requirements: [...unknown, ...requirements.filter((r) => facts.classified.get(r)?.kind === "needs-build")],
    };
  }

  const apps = routes.filter((r) => r.action === "pipx");
  const libs = routes.filter((r) => r.action !== "pipx");
  const toEnvironment = libs.length + files.length > 0;
  const steps: Step[] = [];
  let direct = false;
  const locks: string[] = [];
  const notices: string[] = [];
  const dryRun = isSet(call.values, "dry_run");
  if (toEnvironment && dryRun && !isUsable(libraryPlace.venv)) {
    const v = libraryPlace.venv;
    if (v.state === "broken" || v.state === "untrusted") return refuse(facts, `${displayPath(v.path, facts.home)} ${v.problem}`, 1);
    steps.push(dryRunSteps(parsed, facts, libs.map((r) => r.requirement), true, libraryPlace.kind === "project"));
  } else if (toEnvironment) {
    const { args, env, droppedUser } = argsForEnvironment(parsed, new Set(libs.map((r) => r.requirement)), facts, true);
    const r = pipInPlace(libraryPlace, interp, facts, parsed, args, env, !dryRun);
    if ("kind" in r) return r;
    steps.push(...r.steps);
    direct = r.direct;
    if (!dryRun) locks.push(libraryPlace.venv.path);
    if (droppedUser) notices.push("--user dropped: the environment is the user's own already");
  }
  if (apps.length > 0 && dryRun) {
    // pipx has no dry run: pip's, for a new environment, is what pipx would install.
    steps.push(dryRunSteps(parsed, facts, apps.map((a) => a.requirement), false, true));
  } else if (apps.length > 0) {
    const names = apps.map((a) => a.name ?? a.requirement);
    if (!facts.pipx.path) {
      const [are, belong] = apps.length > 1 ? ["are applications", "belong"] : ["is an application", "belongs"];
      return refuse(
        facts,
        `${names.join(", ")} ${are} and ${belong} in pipx, which is not installed: install it (sudo apt install pipx), ` +
          "or set PIPSHIM_TARGET=default to install into pipshim's default environment",
        1,
      );
    }
    const { pipArgs, dropped } = pipArgsForPipx(call, facts.downloads);
    if (dropped.length > 0) notices.push(`not passed to pipx: ${dropped.join(" ")}`);
    const upgrade = isSet(call.values, "upgrade");
    const force = isSet(call.values, "force_reinstall");
    const installed = new Set(facts.pipx.installed ?? []);
    const halfMade = new Set(facts.pipx.halfMade ?? []);
    for (const a of apps) {
      const norm = a.name === undefined ? undefined : normalizeName(a.name);
      const has = norm !== undefined && installed.has(norm);
      const repair = norm !== undefined && halfMade.has(norm);
      if (repair) notices.push(`${a.name}'s pipx environment was left half made: installing it again (--force)`);
      const bare = a.name !== undefined && a.requirement.trim() === a.name;
      const reinstall = ["install", "--python", interp.path, "--force", ...pipArgs, "--", a.requirement];
      const isUpgrade = upgrade && has && bare && !force && !repair;
      const args = isUpgrade
        ? ["upgrade", ...pipArgs, a.name!]
        : ["install", "--python", interp.path, ...(force || repair || (upgrade && has) ? ["--force"] : []), ...pipArgs, "--", a.requirement];
      // One pipx run on an application at a time (install and uninstall alike), and pipx's shared
      // libraries, which any pipx command on an application may make again, locked first
      // (Debian's pipx has no locks).
      if (norm !== undefined) locks.push("pipx-shared", `pipx:${norm}`);
      const pipx = norm === undefined ? undefined : { app: norm, verb: isUpgrade ? ("upgrade" as const) : ("install" as const), binDir: facts.pipx.binDir, ...(isUpgrade ? { ifGone: reinstall } : {}) };
      steps.push({ kind: "run", file: facts.pipx.path, args, env: pythonNeutralEnv(parsed, facts), ...(pipx ? { pipx } : {}) });
    }
    // "on PATH" is said only once the commands are there.
    const commands = apps.flatMap((a) => scriptsOf.get(a.requirement) ?? []);
    if (commands.length > 0) steps.push({ kind: "check-commands", commands, dir: facts.pipx.binDir });
  }

  const home = facts.home;
  const v = libraryPlace.venv;
  const creating = v.state === "missing" || v.state === "interrupted" ? "; creating it" : "";
  const where =
    libraryPlace.kind === "project"
      ? `${displayPath(v.path, home)} (project: ${libraryPlace.foundBy}${creating})`
      : `pipshim's default environment ${displayPath(v.path, home)}${creating ? " (creating it)" : ""}`;
  const appNames = apps.map((a) => a.name ?? a.requirement);
  const parts: string[] = [];
  if (dryRun) parts.push("a dry run changes nothing");
  if (toEnvironment) parts.push(`${dryRun ? "would install into" : "installing into"} ${dryRun ? where.replace("; creating it", "; it would be made").replace("(creating it)", "(it would be made)") : where}`);
  if (apps.length > 0) parts.push(`${appNames.join(", ")} → pipx (${apps.length > 1 ? "applications" : "an application"})${guessText(apps)}`);
  const hints: string[] = [];
  if (toEnvironment && !dryRun) hints.push(`use it with: source ${shellPath(v.path, home)}/bin/activate`);
  if (apps.length > 0 && !dryRun) {
    const scripts = apps.flatMap((a) => scriptsOf.get(a.requirement) ?? []);
    const cmds = scripts.length > 0 ? scripts.join(", ") : `the commands of ${appNames.join(", ")}`;
    const bin = displayPath(facts.pipx.binDir, home);
    const isAre = scripts.length === 1 ? "is" : "are";
    // Not on PATH: the exact command for this shell (pipshim setup puts it in new shells' start-up).
    const dir = shellQuote(facts.pipx.binDir);
    hints.push(facts.pipx.binDirOnPath ? `${cmds} ${isAre} on PATH (${bin})` : `${cmds} ${isAre} in ${bin}, which is not on PATH: export PATH="$PATH":${dir} (pipshim setup adds it for new shells)`);
  }

  const action: Plan["action"] = apps.length > 0 ? (toEnvironment ? "mixed" : "pipx") : libraryPlace.kind;
  const reasons: Record<string, string> = {
    project: `${managedText(interp)}, and ${displayPath(libraryPlace.root ?? "", home)} is a project (${libraryPlace.foundBy})`,
    default: `${managedText(interp)}, there is no project here, and ${libs.length > 0 ? "libraries go to pipshim's default environment" : "requirement files install libraries"}`,
    pipx: `${managedText(interp)}; ${apps.map((a) => `${a.name ?? a.requirement} ${a.why}`).join("; ")}`,
    mixed: `${managedText(interp)}; applications go to pipx, libraries to ${libraryPlace.kind === "project" ? "the project" : "pipshim's default environment"}`,
  };
  if (override) reasons[action] = `${managedText(interp)}, and PIPSHIM_TARGET=${override}`;
  return {
    kind: "steps",
    ...(direct && apps.length === 0 ? { handoff: { venv: v.path } } : {}),
    action,
    reason: reasons[action],
    interpreter: interp.path,
    target: action === "pipx" ? "pipx" : v.path,
    packages: routes,
    steps,
    locks,
    before: [`${managedText(interp)}; ${parts.join("; ")}`, ...notices],
    after: [hints.join("; ")],
  };
}

/**
 * Where an application was only guessed from its commands, the install line says so and how to
 * turn it the other way: ": a guess from its commands (if it is a library: pipshim config add
 * libraries X)".
 */
function guessText(apps: PackageRoute[]): string {
  const guessed = apps.filter((a) => a.decidedBy === "commands").map((a) => a.name ?? a.requirement);
  if (guessed.length === 0) return "";
  const whose = guessed.length === apps.length ? "" : ` for ${guessed.join(", ")}`;
  return guessed.length === 1
    ? `: a guess from its commands${whose} (if it is a library: pipshim config add libraries ${shellQuote(guessed[0])})`
    : `: a guess from their commands${whose} (for each that is a library: pipshim config add libraries NAME)`;
}

function decideUninstall(parsed: Routed, facts: Facts, interp: InterpreterFacts, { override, libraryPlace }: Target, names: string[], files: string[]): Plan {
  const defaultPlace: Destination = { kind: "default", venv: facts.defaultEnv };
  const project = libraryPlace.kind === "project" ? libraryPlace : null;
  const unusable = project?.venv.state === "broken" || project?.venv.state === "untrusted" ? project.venv : undefined;
  if (unusable) return refuse(facts, `${displayPath(unusable.path, facts.home)} ${unusable.problem}`, 1);
  const inPipx = new Set(facts.pipx.installed ?? []);
  const has = (p: Destination, n: string) => isUsable(p.venv) && (p.venv.installed ?? []).includes(n);
  const routes: PackageRoute[] = [];
  const groups = new Map<string, { place: Destination; reqs: string[] }>();
  const add = (place: Destination, req?: string) => {
    const g = groups.get(place.venv.path) ?? { place, reqs: [] };
    groups.set(place.venv.path, g);
    if (req !== undefined) g.reqs.push(req);
  };
  const missing: string[] = [];
  const pipxNames: string[] = [];
  for (const req of names) {
    const norm = normalizeName(requirementName(req) ?? req);
    const route = (place: Destination, why: string) => {
      routes.push({ requirement: req, name: norm, action: place.kind, target: place.venv.path, why });
      add(place, req);
    };
    if (override === "app" || (!override && !(project && has(project, norm)) && inPipx.has(norm))) {
      routes.push({ requirement: req, name: norm, action: "pipx", target: "pipx", why: override ? "PIPSHIM_TARGET=app" : "installed with pipx" });
      pipxNames.push(norm);
    } else if (override) route(libraryPlace, `PIPSHIM_TARGET=${override}`);
    else if (project && has(project, norm)) route(project, "installed in the project's environment");
    else if (has(defaultPlace, norm)) route(defaultPlace, "installed in pipshim's default environment");
    else missing.push(req);
  }
  // What only the system has (apt's packages) is not pipshim's to remove: PEP 668's point.
  const systemOnly = missing.filter((m) => (facts.systemInstalled ?? []).includes(normalizeName(requirementName(m) ?? m)));
  if (systemOnly.length > 0) {
    return refuse(
      facts,
      `${systemOnly.join(", ")} ${systemOnly.length > 1 ? "are" : "is"} installed in ${interp.path}'s own packages, which the system's ` +
        "package manager owns (PEP 668): pipshim does not uninstall it; use the package manager (e.g. sudo apt remove python3-<name>)",
      1,
    );
  }
  // What is installed nowhere, and requirement files, go to the environment pip would have used
  // (the project's, else the default one), whose pip then says what pip says; with neither,
  // pipshim says it.
  const fallback = [override ? libraryPlace : null, project, defaultPlace].find((p) => p && isUsable(p.venv)) ?? null;
  if (fallback) {
    for (const m of missing) add(fallback, m);
    if (files.length > 0) add(fallback);
  } else if (files.length > 0) {
    return refuse(facts, "there is no environment to uninstall requirement files from (no project environment, no default environment)", 1);
  }
  const steps: Step[] = [];
  const locks: string[] = [];
  let directInto: string | undefined;
  const notInstalled = fallback ? [] : [...missing];
  for (const { place, reqs } of groups.values()) {
    if (!isUsable(place.venv) && place.venv.state !== "broken" && place.venv.state !== "untrusted") {
      notInstalled.push(...reqs);
      continue;
    }
    const { args, env } = argsForEnvironment(parsed, new Set(reqs), facts, place.venv.path === fallback?.venv.path);
    const r = pipInPlace(place, interp, facts, parsed, args, env, false);
    if ("kind" in r) return r;
    steps.push(...r.steps);
    if (r.direct) directInto = place.venv.path;
    locks.push(place.venv.path);
  }
  if (pipxNames.length > 0 && !facts.pipx.path) return refuse(facts, "pipx is not installed, so nothing can be uninstalled from it", 1);
  for (const n of pipxNames) {
    // The same locks as an install of it: never both at once (and pipx may make its shared
    // libraries again for any command on an application).
    locks.push("pipx-shared", `pipx:${n}`);
    steps.push({ kind: "run", file: facts.pipx.path!, args: ["uninstall", n], env: {}, pipx: { app: n, verb: "uninstall", binDir: facts.pipx.binDir } });
  }
  if (notInstalled.length > 0) steps.push({ kind: "not-installed", names: notInstalled.map((m) => requirementName(m) ?? m) });

  const envLocks = locks.filter((l) => !l.startsWith("pipx"));
  const places = envLocks.map((p) => displayPath(p, facts.home));
  if (pipxNames.length > 0) places.push("pipx");
  const kinds = [...new Set(routes.map((r) => r.action))];
  const action: Plan["action"] = kinds.length > 1 ? "mixed" : kinds.length === 1 ? kinds[0] : (fallback?.kind ?? libraryPlace.kind);
  const handoff = directInto !== undefined && steps.length === 1 ? { handoff: { venv: directInto } } : {};
  return {
    kind: "steps",
    ...handoff,
    action,
    reason: `${managedText(interp)}; each package is uninstalled from where it is installed`,
    interpreter: interp.path,
    target: action === "pipx" ? "pipx" : envLocks[0] ?? libraryPlace.venv.path,
    packages: routes,
    steps,
    locks,
    before: places.length > 0 ? [`${managedText(interp)}; uninstalling from ${places.join(" and ")}`] : [],
    after: [],
  };
}
