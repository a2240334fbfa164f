// pipshim's own settings: what each key means, its type and default, and how a value is checked.
// The pip path reads the settings file directly (fast, and never fatal: a corrupt file gives a
// warning and the defaults); `pipshim config` edits it through conf (src/commands/config.ts).

import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface Settings {
  /** Packages that always go to pipx, even inside a project. */
  apps: string[];
  /** Packages that are always libraries (never pipx), even when they have console scripts. */
  libraries: string[];
  /** The name of a project's virtual environment folder. */
  venvName: string;
  /** No `pipshim:` lines on stderr, but for errors. */
  quiet: boolean;
  /** The shell hook activates the project's (or the default) environment on `cd`. */
  activate: boolean;
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  apps: [],
  libraries: [],
  venvName: ".venv",
  quiet: false,
  activate: true,
}) as Settings;

export type SettingKey = keyof Settings;

interface KeySpec {
  type: "string[]" | "string" | "boolean";
  doc: string;
  check?: (value: unknown) => string | undefined;
}

const PACKAGE_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;

export const SETTING_KEYS: Record<SettingKey, KeySpec> = {
  apps: {
    type: "string[]",
    doc: "packages that always go to pipx, even inside a project",
    check: (v) => (v as string[]).find((p) => !PACKAGE_NAME.test(p)) && "each entry must be a package name",
  },
  libraries: {
    type: "string[]",
    doc: "packages that are always libraries, even when they provide commands",
    check: (v) => (v as string[]).find((p) => !PACKAGE_NAME.test(p)) && "each entry must be a package name",
  },
  venvName: {
    type: "string",
    doc: "the name of a project's virtual environment folder",
    check: (v) =>
      /^[^/\0]+$/.test(v as string) && v !== "." && v !== ".." ? undefined : "must be a folder name, without '/'",
  },
  quiet: { type: "boolean", doc: "no pipshim: lines on stderr, but for errors" },
  activate: { type: "boolean", doc: "the shell hook activates the project's environment on cd" },
};

/** The problem with a value for a key, or undefined when it is fine. */
export function checkSetting(key: SettingKey, value: unknown): string | undefined {
  const spec = SETTING_KEYS[key];
  const typeOk =
    spec.type === "string[]"
      ? Array.isArray(value) && value.every((x) => typeof x === "string")
      : typeof value === spec.type;
  if (!typeOk) return `must be ${spec.type === "string[]" ? "a list of strings" : `a ${spec.type}`}`;
  return spec.check?.(value) || undefined;
}

export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTING_KEYS, key);
}

/** Settings from the parsed file contents; throws with a one-line reason when they are invalid. */
export function settingsFromJson(data: unknown): Settings {
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new Error("not a JSON object");
  const settings: Settings = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(data)) {
    if (!isSettingKey(key)) throw new Error(`unknown key "${key}"`);
    const problem = checkSetting(key, value);
    if (problem) throw new Error(`${key} ${problem}`);
    (settings as unknown as Record<string, unknown>)[key] = value;
  }
  return settings;
}

export const SETTINGS_FILE = "config.json";

export type SettingsRead = { settings: Settings; problem?: string };

/** Reads `<configDir>/config.json`: missing means defaults; unreadable or invalid, defaults plus the problem. */
export function readSettings(configDir: string): SettingsRead {
  const file = join(configDir, SETTINGS_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { settings: { ...DEFAULT_SETTINGS } };
    return { settings: { ...DEFAULT_SETTINGS }, problem: `cannot read ${file}: ${(e as Error).message}` };
  }
  try {
    return { settings: settingsFromJson(JSON.parse(text)) };
  } catch (e) {
    return { settings: { ...DEFAULT_SETTINGS }, problem: `${file} is invalid (${(e as Error).message})` };
  }
}
