// `pipshim trust [--untrust] [DIR]`: wiring only (src/engine/trust.ts).

import { childBaseEnv, currentFolder } from "../engine/engine.js";
import { trust } from "../engine/trust.js";
import { say, UserError } from "../sys/output.js";
import { readFlags } from "./flags.js";

export const TRUST_HELP = `Usage: pipshim trust [--untrust] [DIR]

pipshim runs only the environments it made itself, and those you trust. Trust the .venv of DIR (a
project folder, or the environment folder itself; default: the current project) once, when you
made it yourself (python3 -m venv, uv venv) or know where it came from; pip install, uninstall,
pip's other commands, the python shims, the prompt hook and pipshim run then use it. The trust is
bound to that very folder: a .venv replaced since (an unpacked archive, a clone) needs it again.
A .venv that git tracks, another user's, or one anyone can write to is never run.
  --untrust     take the trust back
`;

export async function trustCommand(argv: string[], shimsDir: string): Promise<number> {
  const { values, positionals } = readFlags("trust", argv, { untrust: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (values.help) {
    process.stdout.write(TRUST_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UserError("pipshim trust takes one folder (pipshim trust --help)", 2);
  const outcome = await trust({ dir: positionals[0], cwd: currentFolder(), env: childBaseEnv(), untrust: values.untrust === true, shimsDir });
  say(outcome.message);
  return outcome.status;
}
