// sudo -E: root with another user's HOME uses root's own folders (src/sys/own-home.ts).

import { test } from "node:test";
import assert from "node:assert/strict";
import { chownSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { useOwnFolders } from "../../src/sys/own-home.js";

test("root with another user's HOME: root's own home and folders; what points elsewhere is kept", (t) => {
  if (process.getuid?.() !== 0) return t.skip("needs root to chown");
  const dir = mkdtempSync(join(tmpdir(), "pipshim-own-"));
  try {
    const home = join(dir, "home");
    mkdirSync(join(home, ".cache"), { recursive: true });
    chownSync(home, 1234, 1234);
    const own = userInfo().homedir;
    const env: NodeJS.ProcessEnv = { HOME: home, XDG_CACHE_HOME: join(home, ".cache"), PIPX_HOME: join(home, ".local", "pipx"), XDG_CONFIG_HOME: "/etc/xdg-elsewhere", PIP_INDEX_URL: "x" };
    assert.deepEqual(useOwnFolders(env, 0), { home, owner: 1234, own });
    assert.deepEqual(env, {
      HOME: own,
      XDG_CACHE_HOME: join(own, ".cache"),
      XDG_CONFIG_HOME: "/etc/xdg-elsewhere",
      XDG_DATA_HOME: join(own, ".local/share"),
      XDG_STATE_HOME: join(own, ".local/state"),
      PIP_INDEX_URL: "x",
    });
    // Not root, or root's own HOME: nothing changes.
    for (const [e, uid] of [[{ HOME: home }, 1000], [{ HOME: dir }, 0], [{}, 0]] as [NodeJS.ProcessEnv, number][]) {
      const before = { ...e };
      assert.equal(useOwnFolders(e, uid), undefined);
      assert.deepEqual(e, before);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
