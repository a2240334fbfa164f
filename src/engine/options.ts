// pipshim's own environment variables that the engine acts on, read once per call. (PIPSHIM_DISABLE,
// PIPSHIM_TARGET and PIPSHIM_VENV_TOOL are facts the pure decision reads; PIPSHIM_NODE is
// bin/pipshim's.)

import { truthy } from "../core/names.js";

export interface EngineOptions {
  /** PIPSHIM_QUIET: no `pipshim:` lines but errors. */
  quiet: boolean;
  /** PIPSHIM_LOCK_TIMEOUT (seconds, default 600), in milliseconds. */
  lockTimeoutMs: number;
}

function seconds(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return text !== undefined && text.trim() !== "" && Number.isFinite(n) && n >= 0 ? n : fallback;
}

export function readOptions(env: NodeJS.ProcessEnv): EngineOptions {
  return { quiet: truthy(env.PIPSHIM_QUIET), lockTimeoutMs: seconds(env.PIPSHIM_LOCK_TIMEOUT, 600) * 1000 };
}
