// What the shell hook does when the folder changes (pure): activate the nearest project's
// environment, or outside any project pipshim's default environment, behind pipshim's shims;
// deactivate the one it activated when neither applies. It leaves alone an environment the user
// activated by hand, and never activates one the routing would refuse to run (broken, half made,
// come with a clone, or not trusted yet). It decides again at the next prompt when the candidate's
// pyvenv.cfg appears or goes, or when pipshim's shell record of it (src/act/shell-records.ts)
// starts or stops being that very file: `pipshim trust`, `--untrust`, a .venv replaced.

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
  /** pipshim's shell record of the project's environment (a hard link to its pyvenv.cfg while usable and trusted). */
  record?: string;
}

export interface HookDecision {
  action: "activate" | "deactivate" | "keep";
  /** The environment to activate. */
  venv?: string;
  /** A file whose appearing or disappearing makes the hook decide again without a cd. */
  watch: string;
  /** A file whose becoming, or ceasing to be, the same file as `watch` does too ("" for none). */
  mark: string;
}

export function decideHook(f: HookFacts): HookDecision {
  const candidate = f.project ? f.project.venv : f.defaultEnv;
  const watched = { watch: `${candidate.path}/pyvenv.cfg`, mark: f.project ? (f.record ?? "") : "" };
  if (f.virtualEnv && f.virtualEnv !== f.active) return { action: "keep", ...watched };
  const target = f.enabled && isUsable(candidate) ? candidate.path : undefined;
  if (target === f.active) return { action: "keep", ...watched };
  return target ? { action: "activate", venv: target, ...watched } : { action: f.active ? "deactivate" : "keep", ...watched };
}
