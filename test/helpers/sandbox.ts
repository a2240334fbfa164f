// A throw-away world for an end-to-end test: a temporary HOME with XDG_*, PIPX_HOME and
// PIPX_BIN_DIR inside it, PATH with pipshim's shims first, pip pointed at the fixture wheels
// (no index is reachable), and nothing inherited from the developer's environment.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PIPSHIM_BIN, makeShims, runProcess, type RunOptions, type RunResult } from "./process.js";
import { fixtureWheels } from "./wheels.js";

export { REPO, PIPSHIM_BIN, makeShims, runProcess, type RunResult } from "./process.js";

export class Sandbox {
  readonly root: string;
  readonly home: string;
  readonly pipxHome: string;
  readonly pipxBin: string;
  /** This sandbox user's shims (pipshim's data folder's shims/, as `pipshim shims` makes them), first on PATH. */
  readonly shims: string;
  readonly env: Record<string, string>;

  private constructor(root: string, wheels: string) {
    this.root = root;
    this.home = join(root, "home");
    this.pipxHome = join(this.home, ".local", "pipx");
    this.pipxBin = join(this.home, ".local", "bin");
    mkdirSync(this.home, { recursive: true });
    this.shims = join(this.home, ".local", "share", "pipshim", "shims");
    const rest = [this.pipxBin, "/usr/local/bin", "/usr/bin", "/bin", dirname(process.execPath)].join(":");
    makeShims(this.shims, rest);
    this.env = {
      HOME: this.home,
      USER: "root",
      LANG: "C.UTF-8",
      PATH: `${this.shims}:${rest}`,
      XDG_CONFIG_HOME: join(this.home, ".config"),
      XDG_DATA_HOME: join(this.home, ".local", "share"),
      XDG_CACHE_HOME: join(this.home, ".cache"),
      XDG_STATE_HOME: join(this.home, ".local", "state"),
      PIPX_HOME: this.pipxHome,
      PIPX_BIN_DIR: this.pipxBin,
      PIP_NO_INDEX: "1",
      PIP_FIND_LINKS: wheels,
      PIP_DISABLE_PIP_VERSION_CHECK: "1",
      TMPDIR: join(root, "tmp"),
    };
    mkdirSync(this.env.TMPDIR, { recursive: true });
  }

  static async create(): Promise<Sandbox> {
    const wheels = await fixtureWheels();
    return new Sandbox(mkdtempSync(join(tmpdir(), "pipshim-e2e-")), wheels);
  }

  /** A folder under the sandbox, with files (path → text) made inside it. */
  dir(rel: string, files: Record<string, string> = {}): string {
    const d = join(this.root, rel);
    mkdirSync(d, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(d, name)), { recursive: true });
      writeFileSync(join(d, name), text);
    }
    return d;
  }

  run(file: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
    // As a shell runs a program: PWD is the current folder (every shell exports it).
    const env: NodeJS.ProcessEnv = { ...this.env, PWD: options.cwd ?? this.home };
    for (const [k, v] of Object.entries(options.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    return runProcess(file, args, env, { ...options, cwd: options.cwd ?? this.home });
  }

  /** `pip ARGS` as a user types it: the first pip on the sandbox's PATH (pipshim's shim). */
  pip(args: string[], options: RunOptions = {}): Promise<RunResult> {
    return this.run("pip", args, options);
  }

  pipshim(args: string[], options: RunOptions = {}): Promise<RunResult> {
    return this.run(PIPSHIM_BIN, args, options);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
