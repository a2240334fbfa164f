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
  /** All its values, for an option that reads more than one (optparse's nargs > 1; none of pip's do). */
  values?: string[];
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

/** optparse's check_value: the option's type (numbers as Python reads them, choices). */
function checkType(option: PipOption, name: string, value: string): void {
  switch (option.type) {
    case "int":
    case "long":
      if (!isPythonInt(value)) throw new UsageError(`option ${name}: invalid integer value: '${value}'`);
      break;
    case "float":
      if (!isPythonFloat(value)) throw new UsageError(`option ${name}: invalid floating-point value: '${value}'`);
      break;
    case "choice":
      if (!(option.choices ?? []).includes(value)) throw new UsageError(`option ${name}: invalid choice: '${value}'`);
      break;
    // "string", pip's "path" (expanduser) and "package_name" (canonicalize_name) accept anything.
  }
}

/**
 * The checks pip's callbacks (cmdoptions.py) make of a value, wherever it comes from (the command
 * line, a config file, a PIP_* variable). A callback pipshim does not know accepts anything here.
 */
function checkCallbackValue(option: PipOption, name: string, value: string): void {
  switch (option.callback) {
    case "_handle_no_binary":
    case "_handle_only_binary":
      // FormatControl.handle_mutual_excludes (a CommandError).
      if (value.startsWith("-")) throw new UsageError("--no-binary / --only-binary option requires 1 argument.");
      break;
    case "_handle_config_settings":
      if (!value.includes("=")) throw new UsageError(`Arguments to ${name} must be of the form KEY=VAL`);
      break;
    case "_handle_python_version":
      if (!isPythonVersion(value)) throw new UsageError(`invalid --python-version value: '${value}'`);
      break;
    case "_handle_dependency_group": {
      // "[path:]group": a path, if given, must name a pyproject.toml (pathlib's PurePath.name).
      const colon = value.lastIndexOf(":");
      if (colon >= 0 && purePathName(value.slice(0, colon)) !== "pyproject.toml") {
        throw new UsageError(`${name} error: group paths use 'pyproject.toml' filenames`);
      }
      break;
    }
  }
}

/** Everything pip checks when an option gets a value: its type, then its callback. */
export function checkValue(option: PipOption, name: string, value: string): void {
  checkType(option, name, value);
  if (option.action === "callback") checkCallbackValue(option, name, value);
}

/** An option used on the command line without a value: a callback that refuses it (the probe saw it do so). */
function checkFlagUse(option: PipOption): void {
  if (option.action === "callback" && option.callbackError !== undefined) throw new UsageError(option.callbackError);
}

/** pip's convert_python_version: up to three integer parts; "37" means 3.7. */
function isPythonVersion(value: string): boolean {
  if (!value) return true;
  let parts = value.split(".");
  if (parts.length > 3) return false;
  const chars = Array.from(value); // Python indexes code points
  if (parts.length === 1 && chars.length > 1) parts = [chars[0], chars.slice(1).join("")];
  return parts.every((p) => isPythonIntIn(p, 10));
}

/** pathlib.PurePosixPath(path).name: the last part, "." parts and empty ones dropped. */
function purePathName(path: string): string {
  return path.split("/").filter((p) => p !== "" && p !== ".").pop() ?? "";
}

/** optparse stops reading at once after these: they print something and exit. */
const EXITS = new Set(["help", "version"]);

/**
 * The values an option that takes them reads: what is attached to it (`--opt=v`, `-tv`), then
 * the next arguments, nargs in all (optparse's _process_long_opt / _process_short_opts).
 */
function takeValues(option: PipOption, name: string, attached: string | undefined, args: readonly string[], next: number): { values: string[]; used: number } {
  const n = option.nargs ?? 1;
  const available = attached === undefined ? [] : [attached];
  const needed = n - available.length;
  if (next + needed > args.length) {
    throw new UsageError(n === 1 ? `${name} option requires 1 argument` : `${name} option requires ${n} arguments`);
  }
  const values = [...available, ...args.slice(next, next + needed)];
  for (const v of values) checkValue(option, name, v);
  return { values, used: needed };
}

function valueUse(option: PipOption, name: string, values: string[], index: number, span: number, clustered: boolean): OptionUse {
  const use: OptionUse = { option, name, value: values[0], index, span, clustered };
  if (values.length > 1) use.values = values;
  return use;
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
        const { values, used } = takeValues(option, name, eq >= 0 ? arg.slice(eq + 1) : undefined, args, i + 1);
        uses.push(valueUse(option, name, values, i, 1 + used, false));
        i += 1 + used;
      } else {
        if (eq >= 0) throw new UsageError(`${name} option does not take a value`);
        checkFlagUse(option);
        uses.push({ option, name, index: i, span: 1, clustered: false });
        i += 1;
        // optparse's help action prints the help and exits at once: nothing after it is read.
        if (EXITS.has(option.action)) return { uses, positionals, stoppedAt: args.length };
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
          const { values, used } = takeValues(option, name, c + 1 < arg.length ? arg.slice(c + 1) : undefined, args, start + 1);
          span = 1 + used;
          uses.push(valueUse(option, name, values, start, span, clustered));
          break;
        }
        checkFlagUse(option);
        uses.push({ option, name, index: start, span: 1, clustered });
        if (EXITS.has(option.action)) return { uses, positionals, stoppedAt: args.length };
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
