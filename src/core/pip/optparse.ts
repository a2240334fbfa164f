// The part of Python's optparse that pip's parsers use, so that pipshim reads an argument vector
// exactly as pip will: long options by unique prefix (`--targ` is `--target`), `--opt=value` and
// `--opt value`, clustered short flags (`-qU`, `-rreqs.txt`, `-qr reqs.txt`), `--` ending the
// options, and, for pip's main parser, stopping at the first positional argument (the command).
// Pure.

import type { PipOption } from "./options.js";
import { isPythonFloat, isPythonInt, isPythonIntIn } from "./python-text.js";

export interface OptionUse {
  option: PipOption;
  /** The spelling pip resolved it to (`--target` for `--targ`). */
  name: string;
  value?: string;
  /** Index of the first argument that carries this option, and how many arguments it spans. */
  index: number;
  span: number;
  /** Part of a short-option cluster such as `-qU`: cannot be removed on its own. */
  clustered: boolean;
}

export interface Positional {
  value: string;
  index: number;
}

export interface OptparseResult {
  uses: OptionUse[];
  positionals: Positional[];
  /** Index of the first argument left unparsed (main parser: the command), or args.length. */
  stoppedAt: number;
}

/** What pip would report as a usage error (exit status 2). */
export class UsageError extends Error {}

export class OptionTable {
  private readonly longs = new Map<string, PipOption>();
  private readonly shorts = new Map<string, PipOption>();

  constructor(readonly options: PipOption[]) {
    for (const o of options) {
      for (const l of o.long) if (!this.longs.has(l)) this.longs.set(l, o);
      for (const s of o.short) if (!this.shorts.has(s)) this.shorts.set(s, o);
    }
  }

  /** optparse's _match_abbrev: an exact name, or the one long name the text is a prefix of. */
  matchLong(text: string): string {
    if (this.longs.has(text)) return text;
    const candidates = [...this.longs.keys()].filter((l) => l.startsWith(text));
    if (candidates.length === 1) return candidates[0];
    if (candidates.length === 0) throw new UsageError(`no such option: ${text}`);
    throw new UsageError(`ambiguous option: ${text} (${candidates.sort().join(", ")}?)`);
  }

  /** The option with this exact long name (how pip looks up config-file keys), if any. */
  exactLong(name: string): PipOption | undefined {
    return this.longs.get(name);
  }

  long(name: string): PipOption {
    const o = this.longs.get(name);
    if (!o) throw new Error(`unknown option ${name}`);
    return o;
  }

  short(name: string): PipOption | undefined {
    return this.shorts.get(name);
  }
}

/**
 * The checks pip makes of an option's value while parsing: optparse's check_value (numbers as
 * Python parses them, choices) and those of pip's callbacks (cmdoptions.py).
 */
export function checkValue(option: PipOption, name: string, value: string): void {
  const t = option.type;
  if (t === "int" && !isPythonInt(value)) throw new UsageError(`option ${name}: invalid integer value: '${value}'`);
  if (t === "float" && !isPythonFloat(value)) throw new UsageError(`option ${name}: invalid floating-point value: '${value}'`);
  if (Array.isArray(t) && !t.includes(value)) throw new UsageError(`option ${name}: invalid choice: '${value}'`);
  switch (option.dest) {
    case "format_control":
      if (value.startsWith("-")) throw new UsageError("--no-binary / --only-binary option requires 1 argument.");
      break;
    case "config_settings":
      if (!value.includes("=")) throw new UsageError(`Arguments to ${name} must be of the form KEY=VAL`);
      break;
    case "python_version":
      if (!isPythonVersion(value)) throw new UsageError(`invalid --python-version value: '${value}'`);
      break;
  }
}

/** pip's convert_python_version: up to three integer parts; "37" means 3.7. */
function isPythonVersion(value: string): boolean {
  if (!value) return true;
  let parts = value.split(".");
  if (parts.length > 3) return false;
  if (parts.length === 1 && value.length > 1) parts = [value[0], value.slice(1)];
  return parts.every((p) => isPythonIntIn(p, 10));
}

export function optparse(args: readonly string[], table: OptionTable, interspersed: boolean): OptparseResult {
  const uses: OptionUse[] = [];
  const positionals: Positional[] = [];
  let i = 0;
  while (i < args.length) {
    const arg = args[i];
    if (arg === "--") {
      i += 1;
      for (; i < args.length; i++) {
        if (!interspersed) return { uses, positionals, stoppedAt: i };
        positionals.push({ value: args[i], index: i });
      }
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const written = eq >= 0 ? arg.slice(0, eq) : arg;
      const name = table.matchLong(written);
      const option = table.long(name);
      if (option.takesValue) {
        if (eq >= 0) {
          checkValue(option, name, arg.slice(eq + 1));
          uses.push({ option, name, value: arg.slice(eq + 1), index: i, span: 1, clustered: false });
          i += 1;
        } else {
          if (i + 1 >= args.length) throw new UsageError(`${name} option requires 1 argument`);
          checkValue(option, name, args[i + 1]);
          uses.push({ option, name, value: args[i + 1], index: i, span: 2, clustered: false });
          i += 2;
        }
      } else {
        if (eq >= 0) throw new UsageError(`${name} option does not take a value`);
        uses.push({ option, name, index: i, span: 1, clustered: false });
        i += 1;
        // optparse's help action prints the help and exits at once: nothing after it is read.
        if (option.action === "help") return { uses, positionals, stoppedAt: args.length };
      }
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      const start = i;
      let span = 1;
      const clustered = arg.length > 2;
      for (let c = 1; c < arg.length; c++) {
        const name = `-${arg[c]}`;
        const option = table.short(name);
        if (!option) throw new UsageError(`no such option: ${name}`);
        if (option.takesValue) {
          if (c + 1 < arg.length) {
            checkValue(option, name, arg.slice(c + 1));
            uses.push({ option, name, value: arg.slice(c + 1), index: start, span, clustered });
          } else {
            if (start + 1 >= args.length) throw new UsageError(`${name} option requires 1 argument`);
            span = 2;
            checkValue(option, name, args[start + 1]);
            uses.push({ option, name, value: args[start + 1], index: start, span, clustered });
          }
          break;
        }
        uses.push({ option, name, index: start, span: 1, clustered });
        if (option.action === "help") return { uses, positionals, stoppedAt: args.length };
      }
      i = start + span;
      continue;
    }
    if (!interspersed) return { uses, positionals, stoppedAt: i };
    positionals.push({ value: arg, index: i });
    i += 1;
  }
  return { uses, positionals, stoppedAt: args.length };
}
