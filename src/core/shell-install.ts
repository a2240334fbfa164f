// The pip calls bin/pipshim may carry out without Node.js (_pipshim_may_install): an install, by
// name, into a project's environment that pipshim's records vouch for, where nothing could make
// Node.js decide otherwise. That is: `install` first, then only the options below and
// requirements spelled as a name with extras and version specifiers (no path, no URL, no file);
// no PIP_* variable but the index ones below (the switches with a value pip reads as a yes or a
// no); no PIPSHIM_TARGET; no PIP_CONFIG_FILE, and pip's configuration files holding only such
// settings too (the shell checks they are the very files Node.js read, unchanged: the notice
// Node.js records, src/act/shell-records.ts); and (checked by the shell) no application in
// pipshim's settings.
// Every other call goes to Node.js. test/shim/shell-install.test.ts runs one table against this
// and the shell.

import { configItems, type PipConfigFiles } from "./pip/config.js";

/** Options that change nothing about where pip installs (bin/pipshim has the same list: _pipshim_fast_options). */
export const FAST_OPTIONS = [
  "-q", "-qq", "-qqq", "--quiet", "-v", "--verbose", "-U", "--upgrade", "--no-deps", "--force-reinstall",
  "--pre", "--no-input", "--disable-pip-version-check", "--no-color", "--no-cache-dir", "--no-build-isolation",
];

/** PIP_* variables with a value pip takes as it is (bin/pipshim: _pipshim_fast_free). */
export const FAST_FREE_VARIABLES = ["PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_TRUSTED_HOST"];

/** PIP_* switches, allowed with a value pip reads as a yes or a no (bin/pipshim: _pipshim_fast_switches). */
export const FAST_SWITCH_VARIABLES = ["PIP_NO_INDEX", "PIP_DISABLE_PIP_VERSION_CHECK", "PIP_NO_INPUT", "PIP_NO_CACHE_DIR"];

/** Settings of pip's configuration files with a value pip takes as it is. */
const FAST_FREE_KEYS = ["index-url", "extra-index-url", "find-links", "trusted-host", "cert", "client-cert", "cache-dir", "proxy", "constraint"];
/** Switches of pip's configuration files, allowed with a yes or a no. */
const FAST_SWITCH_KEYS = ["no-index", "disable-pip-version-check", "no-input", "no-cache-dir"];
/** Numbers of pip's configuration files. */
const FAST_NUMBER_KEYS = ["timeout", "default-timeout", "retries"];

/** What pip's strtobool takes, as pip lowercases it first; a shell's `case` spells these out. */
const SWITCH_VALUES = new Set(["y", "yes", "t", "true", "on", "1", "n", "no", "f", "false", "off", "0"]);

/** A requirement as a name, with extras and version specifiers: no path, URL, file, marker or blank. */
const REQUIREMENT = /^[A-Za-z0-9][A-Za-z0-9._,<>=!~*+[\]-]*$/;

/** Whether pip's configuration files (those that exist) hold only settings that change nothing about where pip installs. */
function plainPipConfig(files: PipConfigFiles): boolean {
  if (files.envFile !== undefined) return false;
  let items;
  try {
    items = [...configItems(files, {}, "global", false), ...configItems(files, {}, "install", false)];
  } catch {
    return false;
  }
  return items.every(({ key, value }) =>
    FAST_FREE_KEYS.includes(key) ||
    (FAST_SWITCH_KEYS.includes(key) && SWITCH_VALUES.has(value.trim().toLowerCase())) ||
    (FAST_NUMBER_KEYS.includes(key) && /^[0-9]+$/.test(value.trim())),
  );
}

export function shellMayInstall(args: readonly string[], env: Readonly<Record<string, string | undefined>>, files?: PipConfigFiles): boolean {
  if (env.PIP_CONFIG_FILE !== undefined || (files !== undefined && !plainPipConfig(files))) return false;
  if (args[0] !== "install") return false;
  let requirements = 0;
  for (const a of args.slice(1)) {
    if (FAST_OPTIONS.includes(a)) continue;
    if (!REQUIREMENT.test(a)) return false;
    requirements++;
  }
  if (requirements === 0) return false;
  if (env.PIPSHIM_TARGET !== undefined) return false;
  for (const [k, v] of Object.entries(env)) {
    if (!k.startsWith("PIP_") || v === undefined) continue;
    if (FAST_FREE_VARIABLES.includes(k)) continue;
    if (FAST_SWITCH_VARIABLES.includes(k) && SWITCH_VALUES.has(v.toLowerCase())) continue;
    return false;
  }
  return true;
}
