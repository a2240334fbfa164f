// The shim's fast path (bin/pipshim, in sh) passes a call straight to the real pip without
// starting Node.js; the decision (src/core/decide/decide.ts) must agree that each such call is a
// pass-through. One table runs against both: for every row, what sh does (exec the real pip, or
// start pipshim's Node.js side) and what decide() returns for an externally managed Python inside
// a project with a ready .venv, the case where pipshim routes the most.

import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decide } from "../../src/core/decide/decide.js";
import { parsePipArgs } from "../../src/core/pip/args.js";
import { PIPSHIM_BIN, runProcess } from "../helpers/process.js";
import { facts, pipConfig, PROJECT, project } from "../fixtures/facts.js";

interface Case {
  args: string[];
  env?: Record<string, string>;
  /** What the sh fast path does. */
  sh: "real pip" | "node";
  /** What the decision does (only checked where sh starts Node.js, and for every "real pip" row). */
  decide: "passthrough" | "project";
}

const CASES: Case[] = [
  { args: ["--version"], sh: "real pip", decide: "passthrough" },
  { args: [], sh: "real pip", decide: "passthrough" },
  { args: ["list"], sh: "real pip", decide: "passthrough" },
  { args: ["-q", "freeze"], sh: "real pip", decide: "passthrough" },
  { args: ["download", "flask"], sh: "real pip", decide: "passthrough" },
  { args: ["instal", "flask"], sh: "real pip", decide: "passthrough" },
  { args: ["installl", "flask"], sh: "real pip", decide: "passthrough" },
  { args: ["--log=install", "list"], sh: "real pip", decide: "passthrough" },
  { args: ["show", "--", "uninstal"], sh: "real pip", decide: "passthrough" },
  { args: ["INSTALL", "flask"], sh: "real pip", decide: "passthrough" },
  { args: ["install", "flask"], env: { PIPSHIM_DISABLE: "1" }, sh: "real pip", decide: "passthrough" },
  { args: ["install", "flask"], env: { PIPSHIM_DISABLE: "true" }, sh: "real pip", decide: "passthrough" },
  { args: ["install", "flask"], env: { PIPSHIM_DISABLE: "YES" }, sh: "real pip", decide: "passthrough" },
  { args: ["install", "flask"], env: { PIPSHIM_DISABLE: "0" }, sh: "node", decide: "project" },
  { args: ["install", "flask"], env: { PIPSHIM_DISABLE: "" }, sh: "node", decide: "project" },
  { args: ["install", "flask"], sh: "node", decide: "project" },
  { args: ["-q", "install", "flask"], sh: "node", decide: "project" },
  { args: ["uninstall", "-y", "flask"], sh: "node", decide: "project" },
  { args: ["show", "install"], sh: "node", decide: "passthrough" },
  { args: ["--log", "install", "list"], sh: "node", decide: "passthrough" },
  { args: ["install", "--target", "t", "flask"], sh: "node", decide: "passthrough" },
];

const world = mkdtempSync(join(tmpdir(), "pipshim-fast-"));
process.on("exit", () => rmSync(world, { recursive: true, force: true }));
const realPip = join(world, "pip");
const fakeNode = join(world, "fake-node");
writeFileSync(realPip, '#!/bin/sh\necho "real pip"\n');
writeFileSync(fakeNode, '#!/bin/sh\necho "node"\n');
chmodSync(realPip, 0o755);
chmodSync(fakeNode, 0o755);

const ENV_FACTS = { project: project("ready") };

for (const c of CASES) {
  const label = `${JSON.stringify(c.args)}${c.env ? ` with ${JSON.stringify(c.env)}` : ""}`;

  test(`fast path (sh): ${label} → ${c.sh}`, async () => {
    const r = await runProcess("/bin/sh", [PIPSHIM_BIN, "pip", ...c.args], { PATH: world, PIPSHIM_NODE: fakeNode, ...c.env });
    assert.equal(r.stdout, `${c.sh}\n`, r.stderr);
  });

  test(`fast path (decide): ${label} → ${c.decide}`, () => {
    const env = { ...c.env };
    const plan = decide(parsePipArgs(c.args, pipConfig(), env), facts({ ...ENV_FACTS, env, cwd: PROJECT }));
    assert.equal(plan.action, c.decide, plan.reason);
    if (c.sh === "real pip") assert.equal(plan.action, "passthrough", "sh passes through only what pipshim would pass through");
  });
}

test("the environment reaches the real pip unchanged on the fast path; only Node.js does without NODE_EXTRA_CA_CERTS", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pipshim-env-"));
  try {
    const show = '#!/bin/sh\necho "$0 NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS-unset} PIPSHIM_NODE_EXTRA_CA_CERTS=${PIPSHIM_NODE_EXTRA_CA_CERTS-unset}"\n';
    writeFileSync(join(dir, "pip"), show);
    writeFileSync(join(dir, "node"), show);
    chmodSync(join(dir, "pip"), 0o755);
    chmodSync(join(dir, "node"), 0o755);
    const env = { PATH: dir, PIPSHIM_NODE: join(dir, "node"), NODE_EXTRA_CA_CERTS: "/etc/my-ca.pem" };
    const fast = await runProcess("/bin/sh", [PIPSHIM_BIN, "pip", "list"], env);
    assert.equal(fast.stdout, `${dir}/pip NODE_EXTRA_CA_CERTS=/etc/my-ca.pem PIPSHIM_NODE_EXTRA_CA_CERTS=unset\n`);
    const toNode = await runProcess("/bin/sh", [PIPSHIM_BIN, "pip", "install", "x"], env);
    assert.equal(toNode.stdout, `${dir}/node NODE_EXTRA_CA_CERTS=unset PIPSHIM_NODE_EXTRA_CA_CERTS=/etc/my-ca.pem\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
