// Whether a plan can be handed back to the shell entry point, which then exec()s the program
// itself: a pass-through (the real pip, with the call's own arguments), or pip in an environment
// that already exists, with the call's own arguments and environment. Then no Node.js process
// stays alive while pip runs: pip starts sooner, runs at full speed, and receives signals and
// gives its exit status as itself (README, "Performance"). Pure.

import type { Plan } from "./plan.js";

export type Handoff = { kind: "real" } | { kind: "venv"; venv: string };

export function handoffOf(plan: Plan, args: readonly string[], invokedAs: string): Handoff | undefined {
  if (plan.action === "passthrough") return { kind: "real" };
  if (plan.action !== "project" && plan.action !== "default") return undefined;
  const runs = plan.steps.filter((s) => s.kind === "run");
  if (runs.length !== 1 || plan.steps.some((s) => s.kind !== "run" && s.kind !== "ensure-venv")) return undefined;
  const run = runs[0];
  if (run.kind !== "run" || !run.into || Object.keys(run.env).length > 0) return undefined;
  if (run.file !== `${run.into}/bin/python` || run.args[0] !== `${run.into}/bin/${invokedAs}`) return undefined;
  const rest = run.args.slice(1);
  if (rest.length !== args.length || rest.some((a, i) => a !== args[i])) return undefined;
  return { kind: "venv", venv: run.into };
}
