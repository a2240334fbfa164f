// What pipshim will do about one pip call: the decision's output, the executor's input, and what
// `pipshim explain` prints.

export type Action = "passthrough" | "project" | "pipx" | "default" | "mixed" | "refuse" | "classify";

/** Where one requirement goes, for a command that sends packages to different places. */
export interface PackageRoute {
  requirement: string;
  name?: string;
  action: "project" | "pipx" | "default";
  target: string;
  why: string;
}

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
  | { kind: "run"; file: string; args: string[]; env: Record<string, string | null>; into?: string }
  /** Say what pip says for a package that is not installed (pip uninstall's warning, exit 0). */
  | { kind: "not-installed"; names: string[] }
  /** Copy text (pip's own error output) to stderr as it is. */
  | { kind: "stderr"; text: string };

export interface Plan {
  action: Action;
  /** Why, in one sentence. */
  reason: string;
  /** The interpreter the call is about. */
  interpreter?: string;
  /** The environment or tool it uses: a venv's path, "pipx", or the real pip on pass-through. */
  target?: string;
  packages?: PackageRoute[];
  steps: Step[];
  /** Environments to lock while the steps run (creation and installs into them). */
  locks: string[];
  /** Lines for stderr (each gets the `pipshim: ` prefix) before and after the steps. */
  before: string[];
  after: string[];
  /** For "refuse": the exit status. The reason is the message. */
  exitCode?: number;
  /** For "classify": the requirements whose kind (application or library) must be found first. */
  classify?: string[];
}
