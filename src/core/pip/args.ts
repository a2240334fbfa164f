// pip's argument vector, read the way pip reads it (pip/_internal/cli/main_parser.py): the main
// parser takes the general options up to the first positional argument, the command; the
// command's parser then reads all the arguments but that first occurrence of the command's name,
// with options and positionals mixed, and with config files and PIP_* variables as defaults.
// Pure: config files and the environment come in as facts.

import { configItems, type ConfigItem, type Env, type PipConfigFiles } from "./config.js";
import { IniError, strtobool } from "./ini.js";
import { OptionTable, UsageError, checkValue, optparse, type OptionUse, type Positional } from "./optparse.js";
import { BUILTIN_TABLES, type PipOption, type PipOptionTables, type RoutedCommand } from "./options.js";
import { WS, pythonIntIn } from "./python-text.js";

export type OptionValue = string | boolean | number | string[];
export type OptionValues = Map<string, OptionValue>;

interface Parsers {
  main: OptionTable;
  install: OptionTable;
  uninstall: OptionTable;
}

const parsersOf = new WeakMap<PipOptionTables, Parsers>();

/** The lookup tables for a pip's option tables, made once per tables object. */
function parsers(tables: PipOptionTables): Parsers {
  let p = parsersOf.get(tables);
  if (!p) {
    p = { main: new OptionTable(tables.main), install: new OptionTable(tables.install), uninstall: new OptionTable(tables.uninstall) };
    parsersOf.set(tables, p);
  }
  return p;
}

/** The general options given before the command, with config defaults applied. */
export interface MainParse {
  uses: OptionUse[];
  values: OptionValues;
  /** Destinations that pip's config files or PIP_* variables set (whatever the command line says). */
  fromConfig: Set<string>;
  /** The command word and its index in the arguments, when there is one. */
  command?: { name: string; index: number };
}

/** An install or uninstall call, fully read. */
export interface RoutedCall {
  command: RoutedCommand;
  /** The arguments the command's parser reads: all but the command word (pip's cmd_args). */
  commandArgs: string[];
  /** For each of commandArgs, its index in the original arguments. */
  originalIndex: number[];
  uses: OptionUse[];
  positionals: Positional[];
  values: OptionValues;
  /** The config items that set an option, by option destination, for explanations. */
  configSources: Map<string, ConfigItem>;
}

export type PipCall =
  | { kind: "usage-error"; message: string }
  /** pip prints something (help, version) or runs a command pipshim never routes. */
  | { kind: "other"; main: MainParse }
  | { kind: "routed"; args: readonly string[]; main: MainParse; call: RoutedCall };

const PY_WHITESPACE = new RegExp(`${WS}+`, "u");

/**
 * pip's ConfigOptionParser._update_defaults: a config file's or PIP_* variable's value for an
 * option of this parser (looked up by its exact long name), read by the option's action.
 */
function configValue(option: PipOption, item: ConfigItem): OptionValue | undefined {
  const name = option.long[0] ?? item.key;
  switch (option.action) {
    case "store_true":
    case "store_false":
      // pip reads both with strtobool, so PIP_NO_USER=1 sets use_user_site to true, as in pip.
      try {
        return strtobool(item.value);
      } catch {
        throw new UsageError(`${item.value} is not a valid value for ${item.key} option`);
      }
    case "count": {
      let n: number;
      try {
        n = strtobool(item.value) ? 1 : 0;
      } catch {
        // int(): Python's reading (white space, underscores, any decimal digits); not below zero.
        const number = pythonIntIn(item.value, 10);
        if (number === undefined || number < 0) throw new UsageError(`${item.value} is not a valid value for ${item.key} option`);
        n = number;
      }
      return n;
    }
    case "append": {
      // str.split(): Python's white space.
      const values = item.value.split(PY_WHITESPACE).filter(Boolean);
      for (const v of values) checkValue(option, item.key, v);
      return values;
    }
    case "callback":
      if (option.takesValue) {
        // option.convert_value (the type), then the callback, as the command line would.
        checkValue(option, name, item.value);
        return item.value;
      }
      // A callback without a value gets the text: --no-cache-dir wants a truth value, and
      // --no-use-pep517 refuses any (pip's own callbacks; another one is taken to accept it).
      if (option.callback === "_handle_no_use_pep517") throw new UsageError(`A value was passed for --no-use-pep517 (${item.source})`);
      if (option.callback === "_handle_no_cache_dir") {
        try {
          strtobool(item.value);
        } catch {
          throw new UsageError(`${name} error: invalid truth value '${item.value}'`);
        }
      }
      return false;
    case "help":
    case "version":
      // check_default() of a value it never acts on.
      return undefined;
    default:
      // store (and store_const, ...): check_default(), which is optparse's check_value.
      checkValue(option, item.key, item.value);
      return item.value;
  }
}

function applyConfig(table: OptionTable, items: ConfigItem[], values: OptionValues, sources: Map<string, ConfigItem>) {
  for (const item of items) {
    const option = table.exactLong(`--${item.key}`);
    if (!option) continue;
    const value = configValue(option, item);
    if (value === undefined) continue;
    values.set(option.dest, value);
    sources.set(option.dest, item);
  }
}

function constValue(option: PipOption): OptionValue {
  const c = option.const;
  return typeof c === "string" || typeof c === "boolean" || typeof c === "number" ? c : false;
}

function applyUse(values: OptionValues, use: OptionUse) {
  const { option } = use;
  switch (option.action) {
    case "store_true":
      values.set(option.dest, true);
      break;
    case "store_false":
      values.set(option.dest, false);
      break;
    case "count":
      values.set(option.dest, (Number(values.get(option.dest)) || 0) + 1);
      break;
    case "append": {
      const previous = values.get(option.dest);
      values.set(option.dest, [...(Array.isArray(previous) ? previous : []), use.value ?? ""]);
      break;
    }
    case "store_const":
      values.set(option.dest, constValue(option));
      break;
    case "append_const": {
      const previous = values.get(option.dest);
      values.set(option.dest, [...(Array.isArray(previous) ? previous : []), String(option.const)]);
      break;
    }
    case "callback":
      values.set(option.dest, option.takesValue ? use.value ?? "" : false);
      break;
    case "help":
    case "version":
      values.set(option.dest, true);
      break;
    default:
      values.set(option.dest, use.value ?? "");
  }
}

function isRouted(command: string): command is RoutedCommand {
  return command === "install" || command === "uninstall";
}

/**
 * Reads pip's arguments. `configFiles`/`env` are what pip would read as config (see config.ts);
 * `tables` are the options of the pip that will run (InterpreterFacts.pipOptions, from the probe),
 * else pip 23.0.1's built-in ones.
 */
export function parsePipArgs(args: readonly string[], configFiles: PipConfigFiles, env: Env, tables: PipOptionTables = BUILTIN_TABLES): PipCall {
  const parser = parsers(tables);
  try {
    const main = optparse(args, parser.main, false);
    const values: OptionValues = new Map();
    const mainSources = new Map<string, ConfigItem>();
    applyConfig(parser.main, configItems(configFiles, env, "global", false), values, mainSources);
    for (const use of main.uses) applyUse(values, use);
    const mainParse: MainParse = { uses: main.uses, values, fromConfig: new Set(mainSources.keys()) };
    if (main.stoppedAt < args.length) mainParse.command = { name: args[main.stoppedAt], index: main.stoppedAt };
    const command = mainParse.command?.name;
    if (!command || !isRouted(command) || values.get("help") === true || values.get("version") === true) {
      return { kind: "other", main: mainParse };
    }
    // pip: cmd_args = args[:]; cmd_args.remove(cmd_name): the FIRST argument equal to the name.
    const removed = args.indexOf(command);
    const commandArgs = args.filter((_, i) => i !== removed);
    const originalIndex = args.map((_, i) => i).filter((i) => i !== removed);
    const table = parser[command];
    const parsed = optparse(commandArgs, table, true);
    const commandValues: OptionValues = new Map();
    const configSources = new Map<string, ConfigItem>();
    const isolated = commandArgs.includes("--isolated");
    applyConfig(table, configItems(configFiles, env, command, isolated), commandValues, configSources);
    for (const use of parsed.uses) {
      applyUse(commandValues, use);
      configSources.delete(use.option.dest);
    }
    return {
      kind: "routed",
      args,
      main: mainParse,
      call: {
        command,
        commandArgs,
        originalIndex,
        uses: parsed.uses,
        positionals: parsed.positionals,
        values: commandValues,
        configSources,
      },
    };
  } catch (e) {
    if (e instanceof UsageError || e instanceof IniError) return { kind: "usage-error", message: e.message };
    throw e;
  }
}

/**
 * The options of a call whose destinations are in `keep`, spelled out again (`--opt=value`), for
 * another program that runs pip (pipx, pip wheel); and the spellings of the others, except those
 * in `handled`, which the caller takes care of itself.
 */
export function forwardedOptions(call: RoutedCall, keep: Set<string>, handled: Set<string>): { kept: string[]; dropped: string[] } {
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const use of call.uses) {
    const d = use.option.dest;
    const long = use.option.long[0];
    if (keep.has(d)) {
      if (!use.option.takesValue) kept.push(long ?? use.name);
      else if (long) kept.push(`${long}=${use.value ?? ""}`);
      else kept.push(use.name, use.value ?? "");
    } else if (!handled.has(d)) dropped.push(use.name);
  }
  return { kept, dropped };
}

/** Values as the decision reads them. */
export function stringValue(values: OptionValues, dest: string): string | undefined {
  const v = values.get(dest);
  return typeof v === "string" ? v : undefined;
}

export function listValue(values: OptionValues, dest: string): string[] {
  const v = values.get(dest);
  return Array.isArray(v) ? v : [];
}

export function isSet(values: OptionValues, dest: string): boolean {
  const v = values.get(dest);
  return v !== undefined && v !== false && v !== 0;
}

export type { PipOption };
