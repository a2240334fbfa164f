// The pipx route tells the truth: concurrent installs of one application are one at a time, "on
// PATH" is said only once its commands are there, and a pipx venv left half made (pipx killed) is
// repaired by the next install.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";
import { fixtureWheels } from "../helpers/wheels.js";
import { slowIndex } from "../helpers/slow-index.js";

e2e("eight concurrent installs of one application: each succeeds, and says it is on PATH only when it is", async (sb) => {
  const out = sb.dir("scratch");
  // Classified once first, so that the eight run pipx, not pip download.
  assert.equal((await sb.pipshim(["explain", "install", "psapp"], { cwd: out })).status, 0);
  const runs = await Promise.all(Array.from({ length: 8 }, () => sb.pip(["install", "psapp"], { cwd: out })));
  for (const r of runs) {
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /pipshim: psapp is (on PATH|in .*, which is not on PATH)/);
  }
  assert.ok(existsSync(join(sb.pipxBin, "psapp")));
  const ran = await sb.run(join(sb.pipxBin, "psapp"), []);
  assert.equal(ran.status, 0, ran.stderr);
});

e2e("a pipx install killed half way is repaired by the next install (--force), never reported as done", async (sb) => {
  const out = sb.dir("scratch");
  assert.equal((await sb.pipshim(["config", "set", "apps", "psapp"])).status, 0); // straight to pipx
  const index = await slowIndex(await fixtureWheels(), "psapp");
  try {
    const env = { ...sb.env, PIP_NO_INDEX: "", PIP_FIND_LINKS: "", PIP_INDEX_URL: index.url };
    const child = spawn("pip", ["install", "psapp"], { cwd: out, env, detached: true, stdio: "ignore" });
    const done = new Promise((r) => child.on("close", r));
    await index.downloading;
    process.kill(-child.pid!, "SIGKILL");
    await done;
  } finally {
    await index.close();
  }
  assert.ok(existsSync(join(sb.pipxHome, "venvs", "psapp")), "pipx had made its venv");
  assert.ok(!existsSync(join(sb.pipxBin, "psapp")));
  const r = await sb.pip(["install", "psapp"], { cwd: out });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /psapp's pipx environment was left half made: installing it again \(--force\)/);
  assert.ok(existsSync(join(sb.pipxBin, "psapp")));
});
