// `pipshim config`'s writes: conf keeps the settings file (atomic writes), validating every change
// against the JSON schema made from core/settings.ts's description of the keys. conf loads ajv
// eagerly (tens of ms), so it is imported here on demand only: the pip path reads the file itself
// (src/facts/settings.ts). A change conf refuses, or a folder pipshim cannot write, is one line.

import { join } from "node:path";
import { SETTINGS_ROOT_SCHEMA, problemFromSchema, settingsSchema } from "../core/settings.js";
import { fsFailure, makeDir } from "./fs.js";
import { UserError } from "./output.js";
import { SETTINGS_FILE } from "./xdg.js";

/** conf's "Config schema violation: `apps/1` must match pattern ...; ..." in checkSetting's words. */
function schemaProblem(message: string): string | undefined {
  const m = /^Config schema violation: `([^`]*)` (.*?)(?:; `|$)/.exec(message);
  if (!m) return undefined;
  const keyword = m[2].startsWith("must match pattern") ? "pattern" : m[2].startsWith("must be ") ? "type" : "other";
  return problemFromSchema(m[1], keyword);
}

/** Sets a setting (undefined removes it, back to its default) in `<configDir>/config.json`. */
export async function changeSetting(configDir: string, key: string, value: unknown): Promise<void> {
  const file = join(configDir, SETTINGS_FILE);
  // conf makes the folder with mkdirSync(recursive), which never ends under /proc: make it first.
  makeDir(configDir);
  const { default: Conf } = await import("conf");
  try {
    const store = new Conf<Record<string, unknown>>({
      cwd: configDir,
      configName: SETTINGS_FILE.replace(/\.json$/, ""),
      projectSuffix: "",
      schema: settingsSchema(),
      rootSchema: SETTINGS_ROOT_SCHEMA,
      clearInvalidConfig: false,
    });
    if (value === undefined) store.delete(key);
    else store.set(key, value);
  } catch (e) {
    const problem = schemaProblem((e as Error)?.message ?? "");
    if (problem) throw new UserError(problem, 2);
    throw fsFailure(e, "write", file);
  }
}
