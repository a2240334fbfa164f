// The prompt hook's decision (pure), as a table: what it activates, and which file it watches to
// decide again without a cd (the .venv's pyvenv.cfg, or, while the .venv waits for
// `pipshim trust`, the record that trusting it makes appear).

import { test } from "node:test";
import assert from "node:assert/strict";
import { decideHook, type HookDecision, type HookFacts } from "../../src/core/hook-decision.js";
import type { VenvFacts } from "../../src/core/facts.js";

const P = "/p/.venv";
const D = "/h/.local/share/pipshim/default-python3.11";
const MARK = "/h/.cache/pipshim/shell/venvs/p/.venv/pyvenv.cfg";
const venv = (state: VenvFacts["state"], extra: Partial<VenvFacts> = {}, path = P): VenvFacts => ({ path, state, ...extra });
const project = (v: VenvFacts) => ({ root: "/p", venv: v });

const cases: Array<[string, Partial<HookFacts>, HookDecision]> = [
  ["a usable project .venv is activated", { project: project(venv("ready")) }, { action: "activate", venv: P, watch: `${P}/pyvenv.cfg` }],
  ["one without pip too", { project: project(venv("no-pip")) }, { action: "activate", venv: P, watch: `${P}/pyvenv.cfg` }],
  ["already active: kept", { project: project(venv("ready")), active: P, virtualEnv: P }, { action: "keep", watch: `${P}/pyvenv.cfg` }],
  ["waiting for trust: nothing, and the trust record is watched", { project: project(venv("untrusted", { needsTrust: true })) }, { action: "keep", watch: MARK }],
  ["git-tracked: nothing, its pyvenv.cfg watched", { project: project(venv("untrusted")) }, { action: "keep", watch: `${P}/pyvenv.cfg` }],
  ["broken: the active one is deactivated", { project: project(venv("broken")), active: D, virtualEnv: D }, { action: "deactivate", watch: `${P}/pyvenv.cfg` }],
  ["missing: nothing", { project: project(venv("missing")) }, { action: "keep", watch: `${P}/pyvenv.cfg` }],
  ["the user's own venv is left alone", { project: project(venv("ready")), virtualEnv: "/mine" }, { action: "keep", watch: `${P}/pyvenv.cfg` }],
  ["outside projects: the default environment", { project: null, defaultEnv: venv("ready", {}, D) }, { action: "activate", venv: D, watch: `${D}/pyvenv.cfg` }],
  ["activation off: the active one goes", { enabled: false, project: project(venv("ready")), active: P, virtualEnv: P }, { action: "deactivate", watch: `${P}/pyvenv.cfg` }],
];

for (const [name, facts, want] of cases) {
  test(`hook: ${name}`, () => {
    assert.deepEqual(decideHook({ enabled: true, project: null, defaultEnv: venv("missing", {}, D), trustMark: MARK, ...facts }), want);
  });
}
