// pipshim's own settings: ONE description of the keys (type, default, the pattern a value must
// match, what each means), from which come both the checks the pip path makes when it reads the
// settings file directly (checkSetting, settingsFromJson) and the JSON schema conf validates
// `pipshim config`'s changes with (settingsSchema). The two cannot drift apart.

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
  /**
   * Outside projects, pipshim's default environment (once it exists) is the place: python, pip's
   * other commands and its commands are its, in scripts (the shims) and terminals (the hook).
   */
  defaultEnv: boolean;
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  apps: [],
  libraries: [],
  venvName: ".venv",
  quiet: false,
  activate: true,
  defaultEnv: true,
}) as Settings;

export type SettingKey = keyof Settings;

type SettingType = "string[]" | "string" | "boolean";

interface KeySpec {
  type: SettingType;
  doc: string;
  /** A pattern (JSON schema's: ECMAScript, unicode) every string, or every entry of a list, must match... */
  pattern?: string;
  /** ...and what is wrong with a value that does not. */
  invalid?: string;
}

/** A package name, as PEP 508 allows it. */
const PACKAGE_NAME = "^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$";

export const SETTING_KEYS: Record<SettingKey, KeySpec> = {
  apps: {
    type: "string[]",
    doc: "packages that always go to pipx, even inside a project",
    pattern: PACKAGE_NAME,
    invalid: "each entry must be a package name",
  },
  libraries: {
    type: "string[]",
    doc: "packages that are always libraries, even when they provide commands",
    pattern: PACKAGE_NAME,
    invalid: "each entry must be a package name",
  },
  venvName: {
    type: "string",
    doc: "the name of a project's virtual environment folder",
    // One folder name: no "/", no NUL, not "." or "..".
    pattern: "^(?!\\.\\.?$)[^/\\u0000]+$",
    invalid: "must be a folder name, without '/'",
  },
  quiet: { type: "boolean", doc: "no pipshim: lines on stderr, but for errors" },
  activate: { type: "boolean", doc: "the shell hook activates the project's environment on cd" },
  defaultEnv: {
    type: "boolean",
    doc: "outside projects, python, pip and the commands pip installed are pipshim's default environment's, once it exists",
  },
};

function typeProblem(type: SettingType): string {
  return `must be ${type === "string[]" ? "a list of strings" : `a ${type}`}`;
}

/** The problem with a value for a key, or undefined when it is fine. */
export function checkSetting(key: SettingKey, value: unknown): string | undefined {
  const spec = SETTING_KEYS[key];
  const typeOk =
    spec.type === "string[]"
      ? Array.isArray(value) && value.every((x) => typeof x === "string")
      : typeof value === spec.type;
  if (!typeOk) return typeProblem(spec.type);
  if (spec.pattern === undefined) return undefined;
  const pattern = new RegExp(spec.pattern, "u");
  const strings = Array.isArray(value) ? (value as string[]) : [value as string];
  return strings.every((s) => pattern.test(s)) ? undefined : spec.invalid;
}

export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTING_KEYS, key);
}

type JsonSchema = Record<string, unknown>;

/** The JSON schema of each key, for conf's `schema` option (unknown keys: settingsRootSchema). */
export function settingsSchema(): Record<SettingKey, JsonSchema> {
  const schema = {} as Record<SettingKey, JsonSchema>;
  for (const [key, spec] of Object.entries(SETTING_KEYS) as [SettingKey, KeySpec][]) {
    const pattern = spec.pattern === undefined ? {} : { pattern: spec.pattern };
    schema[key] = spec.type === "string[]" ? { type: "array", items: { type: "string", ...pattern } } : { type: spec.type, ...pattern };
  }
  return schema;
}

/** The rest of the file's schema: no key but the known ones. */
export const SETTINGS_ROOT_SCHEMA: JsonSchema = Object.freeze({ additionalProperties: false });

/**
 * The problem, in checkSetting's words, for a schema violation at `instancePath` (ajv's, as conf
 * reports it: "apps/1") of the given JSON schema keyword ("pattern", "type", ...).
 */
export function problemFromSchema(instancePath: string, keyword: "pattern" | "type" | "other"): string | undefined {
  const key = instancePath.replace(/^\//, "").split("/")[0];
  if (!isSettingKey(key)) return key === "" ? "the settings must be an object of known keys" : `unknown key "${key}"`;
  const spec = SETTING_KEYS[key];
  return `${key} ${keyword === "pattern" ? spec.invalid : typeProblem(spec.type)}`;
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

export type SettingsRead = { settings: Settings; problem?: string };
