// `pipshim shims [--quiet] [--path]`: makes (and removes) this user's shims: pip, python, the
// versions on PATH, and the commands of pipshim's environments (src/act/shims.ts). Run by init,
// setup, doctor, and after every install pipshim routes.

import { refreshShims } from "../act/shims.js";
import type { Install } from "../sys/install-root.js";
import { say, UserError } from "../sys/output.js";
import { pipshimPaths } from "../sys/xdg.js";
import { readFlags } from "./flags.js";

export const SHIMS_HELP = `Usage: pipshim shims [--quiet] [--path]

Makes this user's shims in pipshim's data folder (the folder \`pipshim init\` puts first on PATH):
pip, pip3, python, python3, every pip3.X and python3.X a real program on PATH has, and a shim for
every command of an environment pipshim made or you trusted; removes those with nothing behind
them any more. --path prints the folder (for PATH="$(pipshim shims --path):$PATH").
`;

export async function shimsCommand(argv: string[], install: Install): Promise<number> {
  const { values } = readFlags("shims", argv, { quiet: { type: "boolean" }, path: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (values.help) {
    process.stdout.write(SHIMS_HELP);
    return 0;
  }
  let r;
  try {
    r = refreshShims(install, process.env.PATH ?? "", pipshimPaths().data);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot update the shims in ${install.shimsDir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): make it writable, or set XDG_DATA_HOME to a folder that is`, 1);
  }
  if (values.path) process.stdout.write(`${install.shimsDir}\n`);
  if (!values.quiet) {
    if (r.added.length) say(`made shims: ${r.added.join(" ")}`);
    if (r.removed.length) say(`removed shims with nothing behind them: ${r.removed.join(" ")}`);
  }
  return 0;
}
