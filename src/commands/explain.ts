// `pipshim explain [--json] PIP_ARGS...`: what pipshim would do with `pip PIP_ARGS...`, and why,
// without doing it. (Outside a project it may download a package to see whether it provides
// commands, as the real call would; it installs nothing.)

import type { Plan, Step } from "../core/plan.js";
import { isPipName, shellQuote } from "../core/names.js";
import { pipshimPaths } from "../sys/xdg.js";
import { UserError } from "../sys/output.js";
import { childBaseEnv, locateRealPip, planFor } from "./pip.js";

export const EXPLAIN_HELP = `Usage: pipshim explain [--json] [--as pip|pip3] PIP_ARGS...

Prints what pipshim would do with \`pip PIP_ARGS...\` here, and why, without doing it.
  --json        print a JSON object: action, reason, interpreter, target, packages, steps
  --as NAME     explain a call of pip3 (or another name) instead of pip
`;

function stepText(step: Step): string {
  switch (step.kind) {
    case "ensure-venv":
      return `make ${step.path} if it is missing (${step.python} -m ${step.tool}${step.systemSitePackages ? " --system-site-packages" : ""})`;
    case "run": {
      const env = Object.entries(step.env).map(([k, v]) => (v === null ? `-u ${k}` : `${k}=${shellQuote(v)}`));
      return [...(env.length ? ["env", ...env] : []), step.file, ...step.args].map((w, i) => (i === 0 || !w.startsWith("-u") ? shellQuote(w) : w)).join(" ");
    }
    case "not-installed":
      return `say that ${step.names.join(", ")} ${step.names.length > 1 ? "are" : "is"} not installed (as pip does)`;
    case "stderr":
      return `show pip's error: ${step.text.trim().split("\n").pop()}`;
  }
}

export function explainText(plan: Plan, realPip: string, args: string[]): string {
  const lines = [`action: ${plan.action}`, `reason: ${plan.reason}`];
  if (plan.interpreter) lines.push(`interpreter: ${plan.interpreter}`);
  if (plan.target) lines.push(`target: ${plan.target}`);
  for (const p of plan.packages ?? []) lines.push(`package: ${p.requirement} → ${p.action} (${p.target}): ${p.name ?? p.requirement} ${p.why}`);
  if (plan.action === "passthrough") lines.push(`would run: ${[realPip, ...args].map(shellQuote).join(" ")}`);
  else if (plan.action === "refuse") lines.push(`would stop with exit status ${plan.exitCode}`);
  else for (const s of plan.steps) lines.push(`would: ${stepText(s)}`);
  return lines.join("\n") + "\n";
}

export async function explainCommand(argv: string[], shimsDir: string): Promise<number> {
  let json = false;
  let name = "pip";
  let i = 0;
  for (; i < argv.length; i++) {
    if (argv[i] === "--json") json = true;
    else if (argv[i] === "--as" && i + 1 < argv.length) name = argv[++i];
    else if (argv[i] === "--") {
      i++;
      break;
    } else if (argv[i] === "--help" || argv[i] === "-h") {
      process.stdout.write(EXPLAIN_HELP);
      return 0;
    } else break;
  }
  const args = argv.slice(i);
  if (!isPipName(name)) throw new UserError(`--as takes pip, pip3 or pipX.Y, not "${name}"`, 2);
  const env = childBaseEnv();
  const realPip = locateRealPip(name, env, shimsDir);
  if (!realPip) throw new UserError(`no real ${name} found on PATH`, 127);
  const { plan } = await planFor(args, name, realPip, env, pipshimPaths(), false); // explain builds nothing
  if (json) {
    const { before, after, locks, ...rest } = plan;
    process.stdout.write(JSON.stringify({ ...rest, realPip, messages: { before, after }, locks }, null, 2) + "\n");
  } else {
    process.stdout.write(explainText(plan, realPip, args));
  }
  return 0;
}
