// Which plans the shell entry point may carry out itself (the decision says so: a plan's kind, and
// `handoff` on a list of steps), and the sh⇄Node.js answers (src/engine/handoff.ts): tables.

import { test } from "node:test";
import assert from "node:assert/strict";
import { decide } from "../../src/core/decide/decide.js";
import type { Plan } from "../../src/core/plan.js";
import { parsePipArgs } from "../../src/core/pip/args.js";
import { decodeAnswer, encodeAnswer } from "../../src/engine/handoff.js";
import { ANSWERS, NOT_ANSWERS } from "../fixtures/answers.js";
import { app, facts, pipConfig, project, PROJECT, PROJECT_VENV, DEFAULT_ENV, venv, library } from "../fixtures/facts.js";
import type { Facts } from "../../src/core/facts.js";

type Handoff = { kind: "real" } | { kind: "venv"; venv: string } | undefined;

/** What the shell may run itself, as the plan says it. */
function handoffOf(plan: Plan): Handoff {
  if (plan.kind === "passthrough") return { kind: "real" };
  return plan.kind === "steps" && plan.handoff ? { kind: "venv", venv: plan.handoff.venv } : undefined;
}

const CASES: { name: string; args: string[]; facts?: Partial<Facts>; invokedAs?: string; expect: Handoff }[] = [
  { name: "a pass-through", args: ["list"], expect: { kind: "real" } },
  { name: "an exemption (--target)", args: ["install", "--target", "t", "x"], facts: { project: project("ready") }, expect: { kind: "real" } },
  { name: "an install into a project's .venv, arguments as they are", args: ["install", "-q", "x"], facts: { project: project("ready"), cwd: PROJECT }, expect: { kind: "venv", venv: PROJECT_VENV } },
  { name: "the same through pip3", args: ["install", "x"], invokedAs: "pip3", facts: { project: project("ready"), invokedAs: "pip3" }, expect: { kind: "venv", venv: PROJECT_VENV } },
  { name: "an uninstall from the project's .venv", args: ["uninstall", "-y", "x"], facts: { project: project("ready", { installed: ["x"] }) }, expect: { kind: "venv", venv: PROJECT_VENV } },
  { name: "--user has to be dropped: not handed over", args: ["install", "--user", "x"], facts: { project: project("ready") }, expect: undefined },
  { name: "--python has to be dropped: not handed over", args: ["--python", "/usr/bin/python3", "install", "x"], facts: { project: project("ready") }, expect: undefined },
  { name: "PIP_PYTHON has to be removed: not handed over", args: ["install", "x"], facts: { project: project("ready"), env: { PIP_PYTHON: "/usr/bin/python3" } }, expect: undefined },
  { name: "a .venv without pip: the real pip installs into it (not handed over)", args: ["install", "x"], facts: { project: project("no-pip") }, expect: undefined },
  { name: "a library into the default environment that exists", args: ["install", "x"], facts: { defaultEnv: venv(DEFAULT_ENV, "ready"), classified: new Map([["x", library("x")]]) }, expect: { kind: "venv", venv: DEFAULT_ENV } },
  { name: "an application (pipx): not handed over", args: ["install", "black"], facts: { classified: new Map([["black", app("black")]]) }, expect: undefined },
  { name: "a mixed command: not handed over", args: ["install", "black", "x"], facts: { classified: new Map([["black", app("black")], ["x", library("x")]]) }, expect: undefined },
  { name: "a refusal: not handed over", args: ["install", "x"], facts: { env: { PIPSHIM_TARGET: "nowhere" } }, expect: undefined },
  { name: "a package still to be classified: not handed over", args: ["install", "x"], expect: undefined },
];

for (const c of CASES) {
  test(`hand-over: ${c.name}`, () => {
    const f = facts(c.facts);
    const plan = decide(parsePipArgs(c.args, pipConfig(), f.env), f);
    assert.deepEqual(handoffOf(plan), c.expect, `${plan.action}: ${plan.reason}`);
  });
}

for (const a of ANSWERS) {
  test(`answer round trip: ${a.name}`, () => {
    assert.equal(encodeAnswer(a.answer), a.text);
    assert.deepEqual(decodeAnswer(a.text), a.answer);
  });
}

for (const [name, text] of NOT_ANSWERS) {
  test(`not an answer: ${name}`, () => assert.equal(decodeAnswer(text), undefined));
}

test("a path with a newline cannot travel as a line: no answer is written for it", () => {
  assert.equal(encodeAnswer({ kind: "venv", venv: "/home/u/a\nb/.venv" }), undefined);
});
