// `pipshim shims [--quiet]`: makes (and removes) the shims that depend on what is on PATH
// (src/act/shims.ts). Run by `npm run build`, init, setup and doctor too.

import { syncShims } from "../act/shims.js";
import type { Install } from "../sys/install-root.js";
import { say, UserError } from "../sys/output.js";
import { readFlags } from "./flags.js";

export const SHIMS_HELP = `Usage: pipshim shims [--quiet]

Makes a shim for python and for every pip3.X and python3.X that a real program on PATH has, in
pipshim's shims folder, and removes those with nothing behind them any more.
`;

export async function shimsCommand(argv: string[], install: Install): Promise<number> {
  const { values } = readFlags("shims", argv, { quiet: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (values.help) {
    process.stdout.write(SHIMS_HELP);
    return 0;
  }
  let r;
  try {
    r = syncShims(install.shimsDir, process.env.PATH ?? "");
  } catch (e) {
    throw new UserError(`cannot update the shims in ${install.shimsDir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): run pipshim shims as the owner of that folder`, 1);
  }
  if (!values.quiet) {
    if (r.added.length) say(`made shims: ${r.added.join(" ")}`);
    if (r.removed.length) say(`removed shims with nothing behind them: ${r.removed.join(" ")}`);
  }
  return 0;
}
