// Reads pipshim's settings file directly, as the pip path needs it: fast (no conf, no ajv) and
// never fatal. The checks are core/settings.ts's, the same description conf's schema comes from.

import { readRegularFile } from "../sys/fs.js";
import { join } from "node:path";
import { SETTINGS_FILE } from "../sys/xdg.js";
import { DEFAULT_SETTINGS, settingsFromJson, type SettingsRead } from "../core/settings.js";

/** `<configDir>/config.json`: missing means defaults; unreadable or invalid, defaults plus the problem. */
export function readSettings(configDir: string): SettingsRead {
  const file = join(configDir, SETTINGS_FILE);
  const read = readRegularFile(file, 1024 * 1024);
  if (!read.ok) {
    if (read.code === "ENOENT") return { settings: { ...DEFAULT_SETTINGS } };
    return { settings: { ...DEFAULT_SETTINGS }, problem: read.message };
  }
  try {
    return { settings: settingsFromJson(JSON.parse(read.text)) };
  } catch (e) {
    return { settings: { ...DEFAULT_SETTINGS }, problem: `${file} is invalid (${(e as Error).message})` };
  }
}
