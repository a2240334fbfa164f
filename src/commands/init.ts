// `pipshim init [bash|zsh|fish] [--no-activate]`: shell code for eval (bash, zsh) or source (fish).

import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Install } from "../sys/install-root.js";
import { UserError } from "../sys/output.js";
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
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(INIT_HELP);
    return 0;
  }
  const unknown = argv.find((a) => a.startsWith("-") && a !== "--no-activate");
  if (unknown) throw new UserError(`unknown option ${unknown} (pipshim init --help)`, 2);
  const shell = detectShell(argv.find((a) => !a.startsWith("-")));
  const hook = !argv.includes("--no-activate") && readSettings(pipshimPaths().config).settings.activate;
  process.stdout.write(initScript(shell, { bin: install.bin, shimsDir: install.shimsDir, hook }));
  return 0;
}
