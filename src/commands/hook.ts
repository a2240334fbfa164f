// `pipshim hook SHELL PWD`: run by the shell integration's prompt hook when the folder changed, or
// its environment appeared or vanished; prints shell code that activates or deactivates.

import { existsSync } from "node:fs";
import { sameFile } from "../sys/path.js";
import type { Install } from "../sys/install-root.js";
import { UserError } from "../sys/output.js";
import { hookScript, SHELLS, type Shell } from "../core/shell-code.js";
import { decideHook } from "../core/hook-decision.js";
import { describePlace, rememberForShell } from "../engine/place.js";
import { venvRecord } from "../act/shell-records.js";

export async function hookCommand(argv: string[], install: Install): Promise<number> {
  const [shell, pwd] = argv;
  if (!(SHELLS as string[]).includes(shell ?? "") || !pwd) throw new UserError("usage: pipshim hook bash|zsh|fish PWD (run by the shell integration)", 2);
  const env = process.env;
  const place = await describePlace({ cwd: pwd, env, shimsDir: install.shimsDir, interpreter: true });
  // What is found here, the shims may act on too (src/act/shell-records.ts).
  rememberForShell(place);
  const project = place.project;
  const decision = decideHook({
    enabled: place.settings.activate,
    project,
    // Outside projects the default environment, where the defaultEnv setting makes it the place.
    defaultEnv: (place.settings.defaultEnv && place.defaultEnv) || { path: "", state: "missing" },
    active: env.__PIPSHIM_ACTIVE || undefined,
    virtualEnv: env.VIRTUAL_ENV || undefined,
    record: project ? venvRecord(place.paths.cache, project.venv.path) : undefined,
  });
  const seen = decision.mark && sameFile(decision.mark, decision.watch) ? 2 : existsSync(decision.watch) ? 1 : 0;
  process.stdout.write(hookScript(shell as Shell, { pwd, watch: decision.watch, mark: decision.mark, seen }, decision.action, decision.venv));
  return 0;
}
