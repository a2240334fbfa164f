// What pipshim will do about one pip call: the decision's output, the engine's input, and what
// `pipshim explain` prints. A tagged union: each kind carries exactly what carrying it out needs,
// and the decision itself says when the shell entry point may run the program on its own
// (`handoff`), so nothing downstream has to guess from the steps.

export type Action = "passthrough" | "project" | "pipx" | "default" | "mixed" | "refuse" | "classify";

/** Where one requirement goes, for a command that sends packages to different places. */
export interface PackageRoute {
  requirement: string;
  name?: string;
  action: "project" | "pipx" | "default";
  target: string;
  why: string;
  /**
   * What decided where it goes: PIPSHIM_TARGET, being in a project, where it is installed already,
   * or (application or library?) the user's setting, the known list, its classifiers, or the guess
   * from its commands (src/core/decide/package-kind.ts).
   */
  decidedBy?: RouteSignal;
}

export type RouteSignal = "target" | "project" | "installed" | "setting" | "known-list" | "classifiers" | "commands";

export type Step =
  /**
   * Make sure a virtual environment exists: checked again under its lock, made when missing,
   * made again when a pipshim that was making it died.
   */
  | {
      kind: "ensure-venv";
      path: string;
      python: string;
      systemSitePackages: boolean;
      tool: "virtualenv" | "venv";
      /** The name shown in the shell prompt when it is active. */
      prompt?: string;
    }
  /**
   * Run a program, arguments as an array, stdio inherited. `env` changes the environment:
   * a string sets a variable, null removes it. `into` names the environment it installs into,
   * so that one this call made can be removed again if the run fails.
   */
  | { kind: "run"; file: string; args: string[]; env: Record<string, string | null>; into?: string; pipx?: PipxRun }
  /** Say what pip says for a package that is not installed (pip uninstall's warning, exit 0). */
  | { kind: "not-installed"; names: string[] }
  /** Check that these commands are in `dir` now (pipx said it installed them): status 1, and says so, if not. */
  | { kind: "check-commands"; commands: string[]; dir: string };

/**
 * A run of pipx on one application, checked under its lock first: an environment found half gone
 * (its python or pyvenv.cfg missing, or pipx's metadata) is removed, with its commands in
 * `binDir`, before pipx runs; then an upgrade runs as `ifGone` (an install --force) and an
 * uninstall of what is no longer there says what pip says.
 */
export interface PipxRun {
  app: string;
  verb: "install" | "upgrade" | "uninstall";
  binDir: string;
  ifGone?: string[];
}

/** What every plan says about itself: for `pipshim explain`, and for the notices. */
interface Explained {
  action: Action;
  /** Why, in one sentence. */
  reason: string;
  /** The interpreter the call is about. */
  interpreter?: string;
  /** The environment or tool it uses: a venv's path, "pipx", or the real pip on pass-through. */
  target?: string;
  packages?: PackageRoute[];
}

export type Plan =
  /** The real pip, with the call's own arguments: the shell may exec it itself. */
  | (Explained & { kind: "passthrough" })
  /**
   * Steps to run in order, with the environments in `locks` locked meanwhile, and pipshim's lines
   * (each gets the `pipshim: ` prefix) before and after them. `handoff`, when set, says the steps
   * come down to the pip of an environment that exists, with the call's own arguments and
   * environment: the shell may then run `<venv>/bin/python <venv>/bin/<pip name>` itself, with the
   * environment's lock held on its behalf.
   */
  | (Explained & { kind: "steps"; steps: Step[]; locks: string[]; before: string[]; after: string[]; handoff?: { venv: string } })
  /** Stop: `stderr` (pip's own error output) as it is, then the reason as pipshim's line. */
  | (Explained & { kind: "refuse"; exitCode: number; stderr?: string })
  /** The decision needs to know whether these requirements are applications: classify, then decide again. */
  | (Explained & { kind: "classify"; requirements: string[] });

export type PlanOf<K extends Plan["kind"]> = Extract<Plan, { kind: K }>;
