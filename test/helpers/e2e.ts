// The frame of every end-to-end test: a fresh sandbox, and afterwards the check that the system
// Python (and the sandbox user's own site-packages) gained nothing.

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { Sandbox } from "./sandbox.js";
import { systemSnapshot } from "./system.js";

export function e2e(name: string, fn: (sb: Sandbox, t: TestContext) => Promise<void>, options: { timeout?: number } = {}): void {
  test(name, { timeout: options.timeout ?? 180_000 }, async (t) => {
    const sb = await Sandbox.create();
    const userSite = join(sb.home, ".local", "lib");
    const before = systemSnapshot([userSite]);
    try {
      await fn(sb, t);
    } finally {
      const after = systemSnapshot([userSite]);
      sb.remove();
      assert.equal(after, before, "the system Python gained something");
    }
  });
}
