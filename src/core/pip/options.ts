// pip's command-line options, one table per parser pipshim reads an argument vector with (pip's
// main parser, and the `install` and `uninstall` commands' parsers), each option as pip's
// optparse defines it.
//
// The tables are the INSTALLED pip's own whenever the interpreter probe could read them
// (facts/interpreter.ts builds the parsers as pip does, with create_main_parser() and
// create_command(name).parser, and dumps them): abbreviations, choices, PIP_* variables, config
// keys and value checks then follow exactly the pip that will run. The built-in table below is only
// the fallback, for a pip the probe could not read: it is pip 23.0.1's exactly (Debian 12's),
// not a union of versions.
//
// Pure.

/** One option of a pip parser: what optparse and pip's option handling read. */
export interface PipOption {
  /** Long spellings, with the leading `--`. */
  long: string[];
  /** Short spellings, with the leading `-`. */
  short: string[];
  /** optparse's takes_value(): the option reads a value (it has a type). */
  takesValue: boolean;
  /** optparse's nargs, only when the option reads more than one value. */
  nargs?: number;
  /** optparse's action: store, store_true, store_false, store_const, append, append_const, count, callback, help, version. */
  action: string;
  dest: string;
  /** optparse's type, when the option takes a value: "string", "int", "float", "choice", pip's "path", ... */
  type?: string;
  /** The values a "choice" option accepts. */
  choices?: string[];
  /** For action "callback": the name of pip's callback function (pip checks some values there). */
  callback?: string;
  /**
   * For a callback without a value: pip's message when it refuses the option on the command line
   * (the probe ran the callback in the probed pip: `--no-use-pep517` without setuptools, say).
   */
  callbackError?: string;
  /** optparse's const, for store_const and append_const. */
  const?: string | number | boolean | null;
}

/** A pip's option tables: its main parser's and its install and uninstall commands' (each with the general options). */
export interface PipOptionTables {
  /** pip.__version__ */
  version: string;
  main: PipOption[];
  install: PipOption[];
  uninstall: PipOption[];
}

/** The commands PEP 668's check applies to, and so the only ones pipshim ever routes. */
export type RoutedCommand = "install" | "uninstall";

/**
 * The pip callbacks whose value checks pipshim makes itself (optparse.ts, args.ts). A callback
 * not named here (one of a newer pip) is taken to accept any value, and pip reports its refusal
 * itself.
 */
export const KNOWN_CALLBACKS = [
  "_handle_no_cache_dir", // --no-cache-dir: no value; from config or PIP_*: a truth value
  "_handle_no_use_pep517", // --no-use-pep517: no value; never from config or PIP_*
  "_handle_src", // --src: any value
  "_handle_no_binary", // --no-binary: not starting with "-"
  "_handle_only_binary", // --only-binary: likewise
  "_handle_python_version", // --python-version: up to three integers
  "_handle_config_settings", // -C/--config-settings: KEY=VAL
  "_handle_dependency_group", // --group (newer pips): [path:]group, the path's name pyproject.toml
] as const;

// ---------------------------------------------------------------------------------------------
// The built-in table: pip 23.0.1's.

/** An option: its spellings as pip declares them, its action and destination, and its type, choices or callback. */
function opt(spellings: string, action: string, dest: string, extra: Partial<PipOption> = {}): PipOption {
  const names = spellings.split(" ");
  const takesValue = extra.type !== undefined;
  return {
    long: names.filter((n) => n.startsWith("--")),
    short: names.filter((n) => !n.startsWith("--")),
    takesValue,
    action,
    dest,
    ...extra,
  };
}

const STRING = { type: "string" } as const;
const PATH = { type: "path" } as const;
const choice = (...choices: string[]) => ({ type: "choice", choices });

const GENERAL_23_0: PipOption[] = [
  opt("-h --help", "help", "help"),
  opt("--debug", "store_true", "debug_mode"),
  opt("--isolated", "store_true", "isolated_mode"),
  opt("--require-virtualenv --require-venv", "store_true", "require_venv"),
  opt("--python", "store", "python", STRING),
  opt("-v --verbose", "count", "verbose"),
  opt("-V --version", "store_true", "version"),
  opt("-q --quiet", "count", "quiet"),
  opt("--log --log-file --local-log", "store", "log", PATH),
  opt("--no-input", "store_true", "no_input"),
  opt("--proxy", "store", "proxy", STRING),
  opt("--retries", "store", "retries", { type: "int" }),
  opt("--timeout --default-timeout", "store", "timeout", { type: "float" }),
  opt("--exists-action", "append", "exists_action", choice("s", "i", "w", "b", "a")),
  opt("--trusted-host", "append", "trusted_hosts", STRING),
  opt("--cert", "store", "cert", PATH),
  opt("--client-cert", "store", "client_cert", PATH),
  opt("--cache-dir", "store", "cache_dir", PATH),
  opt("--no-cache-dir", "callback", "cache_dir", { callback: "_handle_no_cache_dir" }),
  opt("--disable-pip-version-check", "store_true", "disable_pip_version_check"),
  opt("--no-color", "store_true", "no_color"),
  opt("--no-python-version-warning", "store_true", "no_python_version_warning"),
  opt("--use-feature", "append", "features_enabled", choice("fast-deps", "truststore", "no-binary-enable-wheel-cache")),
  opt("--use-deprecated", "append", "deprecated_features_enabled", choice("legacy-resolver")),
];

const INSTALL_23_0: PipOption[] = [
  opt("-r --requirement", "append", "requirements", STRING),
  opt("-c --constraint", "append", "constraints", STRING),
  opt("--no-deps --no-dependencies", "store_true", "ignore_dependencies"),
  opt("--pre", "store_true", "pre"),
  opt("-e --editable", "append", "editables", STRING),
  opt("--dry-run", "store_true", "dry_run"),
  opt("-t --target", "store", "target_dir", STRING),
  opt("--platform", "append", "platforms", STRING),
  opt("--python-version", "callback", "python_version", { ...STRING, callback: "_handle_python_version" }),
  opt("--implementation", "store", "implementation", STRING),
  opt("--abi", "append", "abis", STRING),
  opt("--user", "store_true", "use_user_site"),
  opt("--no-user", "store_false", "use_user_site"),
  opt("--root", "store", "root_path", STRING),
  opt("--prefix", "store", "prefix_path", STRING),
  opt("--src --source --source-dir --source-directory", "callback", "src_dir", { ...PATH, callback: "_handle_src" }),
  opt("-U --upgrade", "store_true", "upgrade"),
  opt("--upgrade-strategy", "store", "upgrade_strategy", choice("only-if-needed", "eager")),
  opt("--force-reinstall", "store_true", "force_reinstall"),
  opt("-I --ignore-installed", "store_true", "ignore_installed"),
  opt("--ignore-requires-python", "store_true", "ignore_requires_python"),
  opt("--no-build-isolation", "store_false", "build_isolation"),
  opt("--use-pep517", "store_true", "use_pep517"),
  opt("--no-use-pep517", "callback", "use_pep517", { callback: "_handle_no_use_pep517" }),
  opt("--check-build-dependencies", "store_true", "check_build_deps"),
  opt("--break-system-packages", "store_true", "override_externally_managed"),
  opt("--config-settings", "callback", "config_settings", { ...STRING, callback: "_handle_config_settings" }),
  opt("--install-option", "append", "install_options", STRING),
  opt("--global-option", "append", "global_options", STRING),
  opt("--compile", "store_true", "compile"),
  opt("--no-compile", "store_false", "compile"),
  opt("--no-warn-script-location", "store_false", "warn_script_location"),
  opt("--no-warn-conflicts", "store_false", "warn_about_conflicts"),
  opt("--no-binary", "callback", "format_control", { ...STRING, callback: "_handle_no_binary" }),
  opt("--only-binary", "callback", "format_control", { ...STRING, callback: "_handle_only_binary" }),
  opt("--prefer-binary", "store_true", "prefer_binary"),
  opt("--require-hashes", "store_true", "require_hashes"),
  opt("--progress-bar", "store", "progress_bar", choice("on", "off")),
  opt("--root-user-action", "store", "root_user_action", choice("warn", "ignore")),
  opt("--report", "store", "json_report_file", STRING),
  opt("--no-clean", "store_true", "no_clean"),
  opt("-i --index-url --pypi-url", "store", "index_url", STRING),
  opt("--extra-index-url", "append", "extra_index_urls", STRING),
  opt("--no-index", "store_true", "no_index"),
  opt("-f --find-links", "append", "find_links", STRING),
];

const UNINSTALL_23_0: PipOption[] = [
  opt("-r --requirement", "append", "requirements", STRING),
  opt("-y --yes", "store_true", "yes"),
  opt("--root-user-action", "store", "root_user_action", choice("warn", "ignore")),
  opt("--break-system-packages", "store_true", "override_externally_managed"),
];

/**
 * pip 23.0.1's tables (Debian 12), for a pip whose own tables the probe could not read. Whenever
 * it could, the installed pip's tables are used instead (InterpreterFacts.pipOptions).
 */
export const BUILTIN_TABLES: PipOptionTables = {
  version: "23.0.1",
  main: GENERAL_23_0,
  install: [...INSTALL_23_0, ...GENERAL_23_0],
  uninstall: [...UNINSTALL_23_0, ...GENERAL_23_0],
};

// ---------------------------------------------------------------------------------------------
// Tables read back from the probe (or its cache): checked, so that a damaged answer means "no
// tables" (the built-in ones are used), never a crash.

const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === "string");

function readOption(x: unknown): PipOption | undefined {
  if (typeof x !== "object" || x === null) return undefined;
  const o = x as Record<string, unknown>;
  if (!isStrings(o.long) || !isStrings(o.short) || typeof o.takesValue !== "boolean" || typeof o.action !== "string") return undefined;
  if (o.long.length + o.short.length === 0) return undefined;
  const option: PipOption = {
    long: o.long,
    short: o.short,
    takesValue: o.takesValue,
    action: o.action,
    dest: typeof o.dest === "string" ? o.dest : "",
  };
  if (typeof o.nargs === "number" && Number.isInteger(o.nargs) && o.nargs > 1) option.nargs = o.nargs;
  if (typeof o.type === "string") option.type = o.type;
  if (isStrings(o.choices)) option.choices = o.choices;
  if (typeof o.callback === "string") option.callback = o.callback;
  if (typeof o.callbackError === "string") option.callbackError = o.callbackError;
  if (["string", "number", "boolean"].includes(typeof o.const) || o.const === null) option.const = o.const as PipOption["const"];
  return option;
}

function readTable(x: unknown): PipOption[] | undefined {
  if (!Array.isArray(x)) return undefined;
  const options = x.map(readOption);
  return options.every((o): o is PipOption => o !== undefined) ? options : undefined;
}

/** The probe's dump of a pip's tables, checked; undefined when it is not a complete, well-formed one. */
export function readOptionTables(x: unknown): PipOptionTables | undefined {
  if (typeof x !== "object" || x === null) return undefined;
  const t = x as Record<string, unknown>;
  const main = readTable(t.main);
  const install = readTable(t.install);
  const uninstall = readTable(t.uninstall);
  if (!main || !install || !uninstall || typeof t.version !== "string") return undefined;
  return { version: t.version, main, install, uninstall };
}

/**
 * Index and network options that pipx passes on to pip through `--pip-args` when it installs an
 * application (the ones a careful user would hand to pipx; the rest only make sense for a pip
 * that installs into an environment the user manages).
 */
export const PIPX_PIP_ARG_DESTS = new Set([
  "index_url", "extra_index_urls", "no_index", "find_links", "pre", "trusted_hosts", "proxy",
  "cert", "client_cert", "timeout", "retries", "format_control", "prefer_binary", "build_isolation",
  "cache_dir", "keyring_provider", "isolated_mode", "no_input", "disable_pip_version_check",
  "no_color", "use_pep517", "config_settings", "constraints",
]);
