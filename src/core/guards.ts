// pipshim's loop guard, as bin/pipshim applies it (_pipshim_guards; test/shim/shell-rules.test.ts
// runs one table against both): PIPSHIM_DEPTH counts nested shim runs; a run deeper than the
// limit is a loop pipshim cannot see, and ends it (exit 126).

/** The depth past which a run is a loop. */
export const DEPTH_LIMIT = 10;

/** This run's depth: PIPSHIM_DEPTH (one or two decimal digits; anything else counts as 0) plus one. */
export function nextDepth(value: string | undefined): number {
  return value !== undefined && /^[0-9]{1,2}$/.test(value) ? Number.parseInt(value, 10) + 1 : 1;
}
