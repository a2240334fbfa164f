// What the shell hook does when the folder changes (pure): activate the nearest project's
// environment, or outside any project pipshim's default environment, behind pipshim's shims;
// deactivate the one it activated when neither applies. It leaves alone an environment the user
// activated by hand, and never activates one the routing would refuse to run (broken, half made,
// come with a clone, or not trusted yet: then it watches for `pipshim trust`).

import { isUsable, type VenvFacts } from "./facts.js";

export interface HookFacts {
  /** The `activate` setting (or `init --no-activate`). */
  enabled: boolean;
  project: { root: string; venv: VenvFacts } | null;
  defaultEnv: VenvFacts;
  /** The environment the hook activated before (__PIPSHIM_ACTIVE), if any. */
  active?: string;
  /** VIRTUAL_ENV: set by the hook (equal to `active`) or by the user. */
  virtualEnv?: string;
  /**
   * The file `pipshim trust` makes appear when it trusts the candidate (its shell record,
   * src/act/shell-records.ts): watched instead of its pyvenv.cfg while it waits for trust.
   */
  trustMark?: string;
}

export interface HookDecision {
  action: "activate" | "deactivate" | "keep";
  /** The environment to activate. */
  venv?: string;
  /** A file whose appearing or disappearing makes the hook decide again without a cd. */
  watch: string;
}

export function decideHook(f: HookFacts): HookDecision {
  const candidate = f.project ? f.project.venv : f.defaultEnv;
  const watch = candidate.needsTrust && f.trustMark ? f.trustMark : `${candidate.path}/pyvenv.cfg`;
  if (f.virtualEnv && f.virtualEnv !== f.active) return { action: "keep", watch };
  const target = f.enabled && isUsable(candidate) ? candidate.path : undefined;
  if (target === f.active) return { action: "keep", watch };
  return target ? { action: "activate", venv: target, watch } : { action: f.active ? "deactivate" : "keep", watch };
}
