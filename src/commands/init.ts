// `pipshim init [bash|zsh|fish] [--no-activate]`: shell code for eval (bash, zsh) or source (fish).

import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Install } from "../sys/install-root.js";
import { UserError } from "../sys/output.js";
import { readFlags } from "./flags.js";
import { refreshShims } from "../act/shims.js";
import { pipshimPaths } from "../sys/xdg.js";
import { readSettings } from "../facts/settings.js";
import { initScript, SHELLS, type Shell } from "../core/shell-code.js";

export const INIT_HELP = `Usage: pipshim init [bash|zsh|fish] [--no-activate]

Prints shell code that puts pipshim's shims first on PATH and activates the nearest project's
environment on cd (outside projects, pipshim's default environment, if there is one):
  bash, zsh:  eval "$(pipshim init bash)"      (or zsh)
  fish:       pipshim init fish | source
--no-activate leaves out the activation hook (as does: pipshim config set activate false).
With no shell named, it is taken from $SHELL, then from the parent process.
`;

/** The user's shell: named, else $SHELL's name, else the parent process's name. */
export function detectShell(named: string | undefined): Shell {
  const candidates = [named, basename(process.env.SHELL ?? "")];
  if (!named) {
    try {
      candidates.push(readFileSync(`/proc/${process.ppid}/comm`, "utf8").trim());
    } catch {
      // no /proc: nothing more to go on
    }
  }
  for (const c of candidates) {
    const name = (c ?? "").replace(/^-/, "");
    if ((SHELLS as string[]).includes(name)) return name as Shell;
    if (named) break;
  }
  throw new UserError(
    named ? `pipshim supports bash, zsh and fish, not "${named}"` : "cannot tell which shell this is: name it (pipshim init bash|zsh|fish)",
    2,
  );
}

export async function initCommand(argv: string[], install: Install): Promise<number> {
  const { values, positionals } = readFlags("init", argv, { "no-activate": { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (values.help) {
    process.stdout.write(INIT_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UserError(`init takes one shell, not "${positionals.join(" ")}" (pipshim init --help)`, 2);
  const shell = detectShell(positionals[0]);
  const hook = values["no-activate"] !== true && readSettings(pipshimPaths().config).settings.activate;
  // This user's shims, for the pythons and pips on this PATH and the commands of pipshim's
  // environments (src/act/shims.ts); a folder this user cannot write keeps the ones it has
  // (doctor says so).
  try {
    refreshShims(install, process.env.PATH ?? "", pipshimPaths().data);
  } catch {
    // doctor reports it
  }
  process.stdout.write(initScript(shell, { bin: install.bin, shimsDir: install.shimsDir, hook }));
  return 0;
}
