// The prompt hook's decision (pure), as a table: what it activates, and which files it watches to
// decide again without a cd (the .venv's pyvenv.cfg, and pipshim's shell record of it, which
// `pipshim trust` makes and `--untrust` removes).

import { test } from "node:test";
import assert from "node:assert/strict";
import { decideHook, type HookDecision, type HookFacts } from "../../src/core/hook-decision.js";
import type { VenvFacts } from "../../src/core/facts.js";

const P = "/p/.venv";
const D = "/h/.local/share/pipshim/default-python3.11";
const MARK = "/h/.cache/pipshim/shell/trusted/p/.venv/pyvenv.cfg";
const W = { watch: `${P}/pyvenv.cfg`, mark: MARK };
const venv = (state: VenvFacts["state"], extra: Partial<VenvFacts> = {}, path = P): VenvFacts => ({ path, state, ...extra });
const project = (v: VenvFacts) => ({ root: "/p", venv: v });

const cases: Array<[string, Partial<HookFacts>, HookDecision]> = [
  ["a usable project .venv is activated", { project: project(venv("ready")) }, { action: "activate", venv: P, ...W }],
  ["one without pip too", { project: project(venv("no-pip")) }, { action: "activate", venv: P, ...W }],
  ["already active: kept", { project: project(venv("ready")), active: P, virtualEnv: P }, { action: "keep", ...W }],
  ["waiting for trust: nothing (the record, once made, brings it in)", { project: project(venv("untrusted", { needsTrust: true })) }, { action: "keep", ...W }],
  ["git-tracked: nothing", { project: project(venv("untrusted")) }, { action: "keep", ...W }],
  ["broken: the active one is deactivated", { project: project(venv("broken")), active: D, virtualEnv: D }, { action: "deactivate", ...W }],
  ["missing: nothing", { project: project(venv("missing")) }, { action: "keep", ...W }],
  ["the user's own venv is left alone", { project: project(venv("ready")), virtualEnv: "/mine" }, { action: "keep", ...W }],
  ["outside projects: the default environment", { project: null, defaultEnv: venv("ready", {}, D) }, { action: "activate", venv: D, watch: `${D}/pyvenv.cfg`, mark: "" }],
  ["activation off: the active one goes", { enabled: false, project: project(venv("ready")), active: P, virtualEnv: P }, { action: "deactivate", ...W }],
];

for (const [name, facts, want] of cases) {
  test(`hook: ${name}`, () => {
    assert.deepEqual(decideHook({ enabled: true, project: null, defaultEnv: venv("missing", {}, D), record: MARK, ...facts }), want);
  });
}
