// Whether a pip config file can leave pipshim's routing of `pip install` alone (pure): only
// settings that choose where packages come from, never where they go, nor anything pip could
// reject as a usage error. bin/pipshim installs into a project's environment without Node.js
// only where every config file pip reads is one Node.js judged so, byte for byte
// (src/act/shell-records.ts keeps its text for the shell to compare).

import { parseIni } from "./ini.js";

/** Settings with any text: where packages come from, and how to reach it. */
export const FREE_KEYS = new Set(["index-url", "extra-index-url", "find-links", "trusted-host", "cert", "client-cert", "proxy", "constraint"]);
/** Switches, with a value pip's strtobool takes. */
export const SWITCH_KEYS = new Set(["disable-pip-version-check", "no-index", "no-input"]);
const SWITCH_VALUES = new Set(["y", "yes", "t", "true", "on", "1", "n", "no", "f", "false", "off", "0"]);
/** The sections `pip install` reads (pip's [global] and its command's own). */
const READ_BY_INSTALL = new Set(["global", "install"]);

export function harmlessToRouting(text: string): boolean {
  if (text.includes("\0")) return false;
  let sections;
  try {
    sections = parseIni(text);
  } catch {
    return false;
  }
  for (const [section, items] of sections) {
    if (!READ_BY_INSTALL.has(section)) continue;
    for (const [rawKey, value] of items) {
      const key = rawKey.replace(/_/g, "-");
      if (FREE_KEYS.has(key)) continue;
      if (SWITCH_KEYS.has(key) && SWITCH_VALUES.has(value.trim().toLowerCase())) continue;
      return false;
    }
  }
  return true;
}
