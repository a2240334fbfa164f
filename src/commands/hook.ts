// `pipshim hook SHELL PWD`: run by the shell integration's prompt hook when the folder changed, or
// its environment appeared or vanished; prints shell code that activates or deactivates.

import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Install } from "../sys/install-root.js";
import { interpreterBehindPip } from "../facts/interpreter.js";
import { findProject } from "../facts/project.js";
import { findRealPip } from "../facts/real-program.js";
import { venvFacts } from "../facts/venv.js";
import { UserError } from "../sys/output.js";
import { defaultEnvPath, pipshimPaths } from "../sys/xdg.js";
import { readSettings } from "../facts/settings.js";
import { hookScript, SHELLS, type Shell } from "../core/shell-code.js";
import { decideHook } from "../core/hook-decision.js";
import type { VenvFacts } from "../core/facts.js";

/** pipshim's default environment for the Python that `pip` runs under here, if there is one. */
async function defaultEnv(install: Install, env: NodeJS.ProcessEnv, ctx: Parameters<typeof venvFacts>[1]): Promise<VenvFacts> {
  const paths = pipshimPaths();
  const found = findRealPip({ name: "pip", PATH: env.PATH ?? "", self: join(install.shimsDir, "pip"), pid: process.pid, ppid: process.ppid });
  const interpreter = found.real ? await interpreterBehindPip(found.real, paths.cache, env) : { error: "no pip" };
  if ("error" in interpreter) return { path: join(paths.data, "default-python"), state: "missing" };
  return venvFacts(defaultEnvPath(paths, interpreter.version), ctx);
}

export async function hookCommand(argv: string[], install: Install): Promise<number> {
  const [shell, pwd] = argv;
  if (!(SHELLS as string[]).includes(shell ?? "") || !pwd) throw new UserError("usage: pipshim hook bash|zsh|fish PWD (run by the shell integration)", 2);
  const env = process.env;
  const home = homedir();
  const paths = pipshimPaths();
  const settings = readSettings(paths.config).settings;
  const ctx = { dataDir: paths.data, home, env };
  const root = findProject(pwd, home, settings.venvName);
  const project = root ? { root: root.root, venv: await venvFacts(join(root.root, settings.venvName), ctx) } : null;
  const decision = decideHook({
    enabled: settings.activate,
    project,
    defaultEnv: project ? { path: "", state: "missing" } : await defaultEnv(install, env, ctx),
    active: env.__PIPSHIM_ACTIVE || undefined,
    virtualEnv: env.VIRTUAL_ENV || undefined,
  });
  process.stdout.write(hookScript(shell as Shell, { pwd, watch: decision.watch, seen: existsSync(decision.watch) }, decision.action, decision.venv));
  return 0;
}
