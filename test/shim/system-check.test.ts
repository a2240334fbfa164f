// The e2e frame's "the system Python gained nothing" check (test/helpers/system.ts) sees what a
// test of this suite could have written into a system folder, and only that: a fixture package or
// its command, pipx's shared .pth, a .pth naming a test sandbox; not another process's install.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemSnapshot } from "../helpers/system.js";

test("the system check sees a fixture's install, pipx's shared .pth and a sandbox's .pth, and not another program's install", () => {
  const site = mkdtempSync(join(tmpdir(), "pipshim-site-"));
  try {
    writeFileSync(join(site, "distro.pth"), "/usr/share/distro\n");
    const before = systemSnapshot([], [site]);
    // [what, the entry made, a folder?, whether the check sees it]
    const changes: [string, string, boolean, boolean][] = [
      ["a fixture package", "pslib-1.0.dist-info", true, true],
      ["a fixture's command", "psapp", false, true],
      ["pipx's shared .pth", "pipx_shared.pth", false, true],
      ["a .pth naming a sandbox", "a.pth", false, true],
      ["another program's package", "requests-2.31.0.dist-info", true, false],
      ["another .pth", "b.pth", false, false],
    ];
    for (const [what, name, folder, seen] of changes) {
      if (folder) mkdirSync(join(site, name));
      else writeFileSync(join(site, name), name === "a.pth" ? "/tmp/pipshim-e2e-Ab12/x\n" : "/opt/x\n");
      assert.equal(systemSnapshot([], [site]) !== before, seen, what);
      rmSync(join(site, name), { recursive: true });
    }
    // A test's own folders are compared whole.
    const home = mkdtempSync(join(tmpdir(), "pipshim-home-"));
    const h0 = systemSnapshot([home], [site]);
    writeFileSync(join(home, "anything"), "");
    assert.notEqual(systemSnapshot([home], [site]), h0);
    rmSync(home, { recursive: true });
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});
