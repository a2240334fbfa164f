// The settings' checks come from one description of the keys (src/core/settings.ts): the pip
// path's direct checks and the JSON schema conf validates `pipshim config`'s changes with must
// accept and refuse the same values, in the same words.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkSetting, DEFAULT_SETTINGS, SETTING_KEYS, type SettingKey } from "../../src/core/settings.js";
import { changeSetting } from "../../src/sys/settings-store.js";
import { UserError } from "../../src/sys/output.js";

const VALUES: Record<SettingKey, unknown[]> = {
  apps: [[], ["black"], ["a", "Zope.Interface", "x_y-z"], ["not a name!"], ["-dash"], ["trailing."], [""], [1], "black", true],
  libraries: [["requests"], ["ok", "bad name"], [null], {}],
  venvName: [".venv", "env", "venv name", "a/b", ".", "..", "...", "", "é", 3, ["x"]],
  quiet: [true, false, "true", 0, null],
  activate: [true, false, "false", []],
  defaultEnv: [true, false, "off", 1],
};

test("conf's schema and the pip path's checks accept and refuse the same values, in the same words", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pipshim-settings-"));
  try {
    for (const [key, values] of Object.entries(VALUES) as [SettingKey, unknown[]][]) {
      for (const value of values) {
        const problem = checkSetting(key, value);
        const what = `${key} = ${JSON.stringify(value)}`;
        try {
          await changeSetting(dir, key, value);
          assert.equal(problem, undefined, `${what}: conf took it, the pip path would refuse it (${problem})`);
          assert.deepEqual(JSON.parse(readFileSync(join(dir, "config.json"), "utf8"))[key], value, what);
        } catch (e) {
          assert.ok(e instanceof UserError, `${what}: ${e}`);
          assert.notEqual(problem, undefined, `${what}: conf refused it (${e.message}), the pip path would take it`);
          assert.equal(e.message, `${key} ${problem}`, what);
          assert.equal(e.exitCode, 2);
        }
      }
      await changeSetting(dir, key, undefined);
    }
    assert.deepEqual(JSON.parse(readFileSync(join(dir, "config.json"), "utf8")), {});
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("every key is documented, and its default passes its own checks", () => {
  for (const [key, spec] of Object.entries(SETTING_KEYS) as [SettingKey, (typeof SETTING_KEYS)[SettingKey]][]) {
    assert.ok(spec.doc.length > 0, key);
    assert.equal(checkSetting(key, DEFAULT_SETTINGS[key]), undefined, key);
  }
});
