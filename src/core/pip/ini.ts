// Reads pip's config files the way pip does: Python's configparser.RawConfigParser with its
// defaults (`=` or `:` between key and value, `#`/`;` comment lines, indented continuation lines,
// keys lower-cased, strict about duplicates, a [DEFAULT] section that every section inherits).
// Pure: it takes the file's text.

import { WS, pyLeadingSpace, pyRstrip, pyStrip } from "./python-text.js";

export type IniSections = Map<string, Map<string, string>>;

export class IniError extends Error {}

const SECTION = /^\[(.+)\]/;
const OPTION = new RegExp(`^(.*?)${WS}*([=:])${WS}*(.*)$`, "s");

export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  const defaults = new Map<string, string[]>();
  const raw = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  let currentName = "";
  let option: string | undefined;
  let indent = Number.MAX_SAFE_INTEGER;
  const seenOptions = new Set<string>();

  for (const line of text.split(/\r\n|\n|\r/)) {
    const stripped = pyStrip(line);
    const isComment = stripped.startsWith("#") || stripped.startsWith(";");
    if (isComment || stripped === "") {
      // A blank line inside a value belongs to it; a comment line does not.
      if (!isComment && current && option !== undefined) current.get(option)?.push("");
      continue;
    }
    const lineIndent = pyLeadingSpace(line);
    if (current && option !== undefined && lineIndent > indent) {
      current.get(option)?.push(stripped);
      continue;
    }
    indent = lineIndent;
    const header = SECTION.exec(stripped);
    if (header) {
      const name = header[1];
      option = undefined;
      currentName = name;
      if (name === "DEFAULT") {
        current = defaults;
      } else {
        if (raw.has(name)) throw new IniError(`section [${name}] appears twice`);
        current = new Map();
        raw.set(name, current);
      }
      continue;
    }
    if (!current) throw new IniError("text before the first [section]");
    const match = OPTION.exec(stripped);
    if (!match || pyStrip(match[1]) === "") throw new IniError(`cannot read line: ${stripped}`);
    const key = pyStrip(match[1]).toLowerCase();
    const seenKey = `${currentName}\u0000${key}`;
    if (seenOptions.has(seenKey)) throw new IniError(`option ${key} appears twice in [${currentName}]`);
    seenOptions.add(seenKey);
    option = key;
    current.set(key, [pyStrip(match[3])]);
  }

  const join = (lines: string[]) => pyRstrip(lines.join("\n"));
  for (const [name, values] of raw) {
    const merged = new Map<string, string>();
    for (const [k, v] of defaults) merged.set(k, join(v));
    for (const [k, v] of values) merged.set(k, join(v));
    sections.set(name, merged);
  }
  return sections;
}

/** pip's strtobool: the truth values pip accepts in config files and PIP_* variables. */
export function strtobool(value: string): boolean {
  const v = value.toLowerCase();
  if (["y", "yes", "t", "true", "on", "1"].includes(v)) return true;
  if (["n", "no", "f", "false", "off", "0"].includes(v)) return false;
  throw new IniError(`${value} is not a valid boolean`);
}
