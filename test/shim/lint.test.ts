// Lint: shellcheck on the shell code (bin/pipshim and the shim templates), as CI runs it (.ci/run
// installs shellcheck). bin/pipshim is checked as dash reads it (it runs under dash and bash);
// each deliberate exception is a directive with its reason, next to the code.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO } from "../helpers/process.js";

test("shellcheck finds nothing in bin/pipshim and shims/", () => {
  const r = spawnSync("shellcheck", ["--severity=style", join(REPO, "bin", "pipshim"), join(REPO, "shims", "pip"), join(REPO, "shims", "python")], { encoding: "utf8" });
  assert.equal(r.error, undefined, "shellcheck is installed (.ci/run installs it)");
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
