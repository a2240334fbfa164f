// `pipshim config get|set|unset|list|add|remove|reset|path`: pipshim's settings, kept by conf in
// config.json (src/sys/settings-store.ts: atomic writes, validated by the JSON schema made from
// core/settings.ts's description of the keys, which documents them too).

import { rmSync } from "node:fs";
import { pipshimPaths, settingsFile } from "../sys/xdg.js";
import { fsFailure } from "../sys/fs.js";
import { UserError } from "../sys/output.js";
import { changeSetting } from "../sys/settings-store.js";
import { recordSettings } from "../act/shell-records.js";
import { readSettings } from "../facts/settings.js";
import { DEFAULT_SETTINGS, SETTING_KEYS, isSettingKey, type SettingKey } from "../core/settings.js";

export const CONFIG_HELP = `Usage: pipshim config <command>

  list                 every setting, its value, and what it means
  get KEY              one setting's value
  set KEY VALUE...     set it (a list takes several values; a boolean takes true or false)
  add KEY VALUE...     add to a list setting
  remove KEY VALUE...  remove from a list setting
  unset KEY            back to the default
  reset                remove the settings file (all defaults; also mends a corrupt file)
  path                 where the settings file is

Keys:
${Object.entries(SETTING_KEYS)
  .map(([k, s]) => `  ${k.padEnd(10)} ${s.type.padEnd(9)} ${s.doc} (default: ${JSON.stringify(DEFAULT_SETTINGS[k as SettingKey])})`)
  .join("\n")}
`;

function parseValue(key: SettingKey, values: string[]): unknown {
  const type = SETTING_KEYS[key].type;
  if (type === "string[]") return values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  if (values.length !== 1) throw new UserError(`${key} takes one value`, 2);
  if (type === "boolean") {
    if (values[0] === "true") return true;
    if (values[0] === "false") return false;
    throw new UserError(`${key} takes true or false, not "${values[0]}"`, 2);
  }
  return values[0];
}

function keyArg(key: string | undefined): SettingKey {
  if (!key) throw new UserError("which key? (pipshim config list shows them)", 2);
  if (!isSettingKey(key)) throw new UserError(`unknown key "${key}" (keys: ${Object.keys(SETTING_KEYS).join(", ")})`, 2);
  return key;
}

export async function configCommand(argv: string[]): Promise<number> {
  const [sub, key, ...values] = argv;
  const paths = pipshimPaths();
  const file = settingsFile(paths);
  if (!sub || sub === "--help" || sub === "-h" || sub === "help") {
    process.stdout.write(CONFIG_HELP);
    return 0;
  }
  if (sub === "path") {
    process.stdout.write(`${file}\n`);
    return 0;
  }
  if (sub === "reset") {
    try {
      rmSync(file, { force: true });
    } catch (e) {
      throw fsFailure(e, "remove", file);
    }
    recordSettings(paths.cache, file, DEFAULT_SETTINGS);
    process.stderr.write(`pipshim: removed ${file}; every setting is back to its default\n`);
    return 0;
  }
  const read = readSettings(paths.config);
  if (read.problem) throw new UserError(`${read.problem}: fix it, or start again with: pipshim config reset`, 1);
  const settings = read.settings;
  switch (sub) {
    case "list":
      for (const k of Object.keys(SETTING_KEYS) as SettingKey[]) process.stdout.write(`${k} = ${JSON.stringify(settings[k])}\n`);
      return 0;
    case "get":
      process.stdout.write(`${JSON.stringify(settings[keyArg(key)])}\n`);
      return 0;
    case "set":
    case "add":
    case "remove":
    case "unset": {
      const k = keyArg(key);
      let value: unknown;
      if (sub === "unset") value = undefined;
      else {
        if (values.length === 0) throw new UserError(`${sub} ${k} needs a value`, 2);
        value = parseValue(k, values);
        if (sub !== "set") {
          if (SETTING_KEYS[k].type !== "string[]") throw new UserError(`${sub} works on list settings; ${k} is a ${SETTING_KEYS[k].type}`, 2);
          const current = settings[k] as string[];
          const given = value as string[];
          value = sub === "add" ? [...current, ...given.filter((v) => !current.includes(v))] : current.filter((v) => !given.includes(v));
        }
      }
      await changeSetting(paths.config, k, value);
      // bin/pipshim reads the settings it needs from its record: kept in step here.
      recordSettings(paths.cache, file, readSettings(paths.config).settings);
      return 0;
    }
    default:
      throw new UserError(`unknown config command "${sub}" (pipshim config --help)`, 2);
  }
}
