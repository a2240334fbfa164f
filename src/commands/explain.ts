// `pipshim explain [--json] PIP_ARGS...`: what pipshim would do with `pip PIP_ARGS...`, and why,
// without doing it. (Outside a project it may download a package's wheel to see whether it is an
// application or a library, as the real call would; it installs nothing.)

import type { Plan, RouteSignal, Step } from "../core/plan.js";
import { SIGNAL_TEXT } from "../core/decide/package-kind.js";
import { isPipName, shellQuote } from "../core/names.js";
import { UserError } from "../sys/output.js";
import { childBaseEnv, currentFolder, planCall } from "../engine/engine.js";
import { pythonChoice } from "../engine/place.js";
import { isPythonName, pipArgsOfPython } from "../core/python-argv.js";
import { readFlags } from "./flags.js";

export const EXPLAIN_HELP = `Usage: pipshim explain [--json] [--as NAME] ARGS...

Prints what pipshim would do with \`pip PIP_ARGS...\` here, and why, without doing it.
  --json        print a JSON object: action, reason, interpreter, target, packages, steps
  --as NAME     explain a call of pip3, pip3.X, python, python3 or python3.X instead of pip
                (python: which interpreter runs; python -m pip install: as pip install)
`;

/** What decided a package's route, as explain names it. */
const ROUTE_SIGNAL_TEXT: Record<RouteSignal, string> = {
  ...SIGNAL_TEXT,
  target: "PIPSHIM_TARGET",
  project: "being in a project",
  installed: "where it is installed already",
};

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
    case "check-commands":
      return `check that ${step.commands.join(", ")} ${step.commands.length > 1 ? "are" : "is"} in ${step.dir}`;
  }
}

export function explainText(plan: Plan, realPip: string, args: string[]): string {
  const lines = [`action: ${plan.action}`, `reason: ${plan.reason}`];
  if (plan.interpreter) lines.push(`interpreter: ${plan.interpreter}`);
  if (plan.target) lines.push(`target: ${plan.target}`);
  for (const p of plan.packages ?? []) {
    const by = p.decidedBy ? ` [decided by ${ROUTE_SIGNAL_TEXT[p.decidedBy]}]` : "";
    lines.push(`package: ${p.requirement} → ${p.action} (${p.target}): ${p.name ?? p.requirement} ${p.why}${by}`);
  }
  switch (plan.kind) {
    case "passthrough":
      lines.push(`would run: ${[realPip, ...args].map(shellQuote).join(" ")}`);
      break;
    case "refuse":
      if (plan.stderr) lines.push(`pip's error: ${plan.stderr.trim().split("\n").pop()}`);
      lines.push(`would stop with exit status ${plan.exitCode}`);
      break;
    case "classify":
      lines.push(
        `would find out first whether ${plan.requirements.join(", ")} ${plan.requirements.length > 1 ? "are applications or libraries" : "is an application or a library"} (its classifiers and commands)`,
      );
      break;
    case "steps":
      for (const s of plan.steps) lines.push(`would: ${stepText(s)}`);
  }
  return lines.join("\n") + "\n";
}

export async function explainCommand(argv: string[], shimsDir: string): Promise<number> {
  const { values, positionals: args } = readFlags("explain", argv, { json: { type: "boolean" }, as: { type: "string" }, help: { type: "boolean", short: "h" } }, true);
  if (values.help) {
    process.stdout.write(EXPLAIN_HELP);
    return 0;
  }
  const json = values.json === true;
  const name = (values.as as string | undefined) ?? "pip";
  if (!isPipName(name) && !isPythonName(name)) throw new UserError(`--as takes pip, pip3, pipX.Y, python, python3 or python3.X, not "${name}"`, 2);
  if (isPythonName(name) && pipArgsOfPython(args) === undefined) {
    const choice = await pythonChoice(name, { cwd: currentFolder(), env: childBaseEnv(), shimsDir });
    if (json) process.stdout.write(JSON.stringify({ action: "python", ...choice }, null, 2) + "\n");
    else process.stdout.write(`action: python\nreason: ${choice.reason}\nwould run: ${[choice.runs, ...args].map(shellQuote).join(" ")}\n`);
    return 0;
  }
  const { plan, realPip } = await planCall({ name, args, shimsDir, purpose: "explain" });
  if (json) {
    const { kind, ...rest } = plan;
    const routed = plan.kind === "steps" ? { messages: { before: plan.before, after: plan.after }, locks: plan.locks } : { steps: [], locks: [] };
    const out: Record<string, unknown> = { ...rest, realPip, ...routed, handedOver: plan.kind === "passthrough" || (plan.kind === "steps" && plan.handoff !== undefined) };
    delete out.before;
    delete out.after;
    if (plan.kind === "classify") out.classify = plan.requirements;
    void kind;
    process.stdout.write(JSON.stringify(out, null, 2) + "\n");
  } else {
    process.stdout.write(explainText(plan, realPip, args));
  }
  return 0;
}
