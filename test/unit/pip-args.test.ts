// pip's argument vector read as pip 23.0.1's optparse parsers read it (every expectation below
// was checked against pip's own parsers: create_main_parser() and create_command(...).parser),
// with pip's config files and PIP_* variables as defaults. No process is spawned.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parsePipArgs, type OptionValue, type OptionValues, type PipCall } from "../../src/core/pip/args.js";
import { BUILTIN_TABLES, readOptionTables, type PipOption, type PipOptionTables } from "../../src/core/pip/options.js";
import { IniError, parseIni } from "../../src/core/pip/ini.js";
import { CONFIG_PATHS, configFileEnv, pipConfig, type ConfigSpec } from "../fixtures/facts.js";

type Values = Record<string, OptionValue | undefined>;

type Expect =
  | { kind: "usage-error"; message?: RegExp }
  | { kind: "other"; command?: string; main?: Values }
  | {
      kind: "routed";
      command?: "install" | "uninstall";
      positionals?: string[];
      /** Values of the command's parser, by destination (undefined: not set). */
      values?: Values;
      /** Values of pip's main parser (the general options before the command). */
      main?: Values;
      /** Where a value came from when it was not the command line: a file's path or a variable. */
      sources?: Record<string, string | undefined>;
    };

export interface ArgsCase {
  name: string;
  args: string[];
  env?: Record<string, string>;
  config?: ConfigSpec;
  expect: Expect;
  /** The option tables of the pip that runs (as the probe dumps them); default: the built-in ones, pip 23.0.1's. */
  tables?: PipOptionTables;
  /** Set when pipshim reads this differently from pip: why. */
  todo?: string;
}

const ini = (...lines: string[]) => `${lines.join("\n")}\n`;

// Tables of other pips, made from the built-in one (pip 23.0.1's) with the differences their own
// dumps show (pip 23.2.1 and 24.2 on the machines here; pip 25's --group and --resume-retries).
type TableName = "main" | "install" | "uninstall";
function changed(version: string, edit: (o: PipOption, table: TableName) => PipOption | null, added: Partial<Record<TableName, PipOption[]>>): PipOptionTables {
  const table = (name: TableName) => [...(added[name] ?? []), ...BUILTIN_TABLES[name].map((o) => edit({ ...o }, name)).filter((o): o is PipOption => o !== null)];
  return { version, main: table("main"), install: table("install"), uninstall: table("uninstall") };
}
const KEYRING: PipOption = { long: ["--keyring-provider"], short: [], takesValue: true, action: "store", dest: "keyring_provider", type: "choice", choices: ["auto", "disabled", "import", "subprocess"] };
/** pip 24.2's tables, where setuptools is missing (so --no-use-pep517 refuses). */
const PIP_24_2 = changed(
  "24.2",
  (o) => {
    if (o.dest === "install_options") return null;
    if (o.dest === "config_settings") o.short = ["-C"];
    if (o.dest === "progress_bar") o.choices = ["on", "off", "raw"];
    if (o.dest === "deprecated_features_enabled") o.choices = ["legacy-resolver", "legacy-certs"];
    if (o.callback === "_handle_no_use_pep517") o.callbackError = "--no-use-pep517 error: It is not possible to use --no-use-pep517 without setuptools and wheel installed.";
    return o;
  },
  { main: [KEYRING], install: [KEYRING], uninstall: [KEYRING] },
);
const GROUP: PipOption = { long: ["--group"], short: [], takesValue: true, action: "callback", dest: "dependency_groups", type: "string", callback: "_handle_dependency_group" };
const RESUME: PipOption = { long: ["--resume-retries"], short: [], takesValue: true, action: "store", dest: "resume_retries", type: "int" };
/** A pip with pip 25's --group (checked in a callback) and --resume-retries. */
const PIP_25 = changed("25.x", (o) => o, { main: [RESUME], install: [GROUP, RESUME], uninstall: [RESUME] });
/** A pip with an option of two values and a store_const (none of pip's has either). */
const PAIR: PipOption = { long: ["--pair"], short: ["-P"], takesValue: true, nargs: 2, action: "store", dest: "pair", type: "int" };
const CONST: PipOption = { long: ["--const"], short: [], takesValue: false, action: "store_const", dest: "konst", const: "k" };
const ODD = changed("odd", (o) => o, { install: [PAIR, CONST] });

export const CASES: ArgsCase[] = [
  // Global options before the command.
  {
    name: "-q before the command",
    args: ["-q", "install", "x"],
    expect: { kind: "routed", command: "install", positionals: ["x"], main: { quiet: 1 }, values: { quiet: 1 } },
  },
  {
    name: "--timeout 5 before the command",
    args: ["--timeout", "5", "install", "x"],
    expect: { kind: "routed", positionals: ["x"], main: { timeout: "5" }, values: { timeout: "5" } },
  },
  { name: "--timeout=5 before the command", args: ["--timeout=5", "install", "x"], expect: { kind: "routed", positionals: ["x"], main: { timeout: "5" } } },
  { name: "--python /x before the command", args: ["--python", "/x", "install", "y"], expect: { kind: "routed", positionals: ["y"], main: { python: "/x" } } },
  {
    name: "--python=/x before the command",
    args: ["--python=/x", "uninstall", "y"],
    expect: { kind: "routed", command: "uninstall", positionals: ["y"], main: { python: "/x" } },
  },
  {
    name: "--isolated before the command",
    args: ["--isolated", "install", "x"],
    expect: { kind: "routed", main: { isolated_mode: true }, values: { isolated_mode: true } },
  },
  {
    name: "a global option both before and after the command counts twice in the command",
    args: ["-q", "install", "-q", "x"],
    expect: { kind: "routed", main: { quiet: 1 }, values: { quiet: 2 } },
  },
  {
    name: "an install option before the command is pip's usage error",
    args: ["-U", "install", "x"],
    expect: { kind: "usage-error", message: /no such option: -U/ },
  },
  { name: "--time (prefix of --timeout) before the command", args: ["--time=5", "install", "x"], expect: { kind: "routed", main: { timeout: "5" } } },

  // Long options: --opt=value, --opt value, abbreviations.
  { name: "--target dir", args: ["install", "--target", "/t", "x"], expect: { kind: "routed", positionals: ["x"], values: { target_dir: "/t" } } },
  { name: "--target=dir", args: ["install", "--target=/t", "x"], expect: { kind: "routed", positionals: ["x"], values: { target_dir: "/t" } } },
  {
    name: "--opt value takes the next argument even when it looks like an option",
    args: ["install", "--target", "--user", "x"],
    expect: { kind: "routed", positionals: ["x"], values: { target_dir: "--user", use_user_site: undefined } },
  },
  { name: "--targ abbreviates --target", args: ["install", "--targ", "/t", "x"], expect: { kind: "routed", values: { target_dir: "/t" } } },
  {
    name: "--break abbreviates --break-system-packages",
    args: ["install", "--break", "x"],
    expect: { kind: "routed", values: { override_externally_managed: true } },
  },
  {
    name: "--pre is exact although --prefix and --prefer-binary start with it",
    args: ["install", "--pre", "x"],
    expect: { kind: "routed", values: { pre: true, prefix_path: undefined } },
  },
  {
    name: "--pref is ambiguous (--prefer-binary, --prefix)",
    args: ["install", "--pref", "/p", "x"],
    expect: { kind: "usage-error", message: /ambiguous option: --pref/ },
  },
  { name: "--ro is ambiguous (--root, --root-user-action)", args: ["install", "--ro", "/r", "x"], expect: { kind: "usage-error", message: /ambiguous/ } },
  {
    name: "--requirement=a.txt and -r b.txt add up",
    args: ["install", "--requirement=a.txt", "-r", "b.txt"],
    expect: { kind: "routed", positionals: [], values: { requirements: ["a.txt", "b.txt"] } },
  },
  {
    name: "--pypi-url is --index-url",
    args: ["install", "--pypi-url", "https://i/simple", "x"],
    expect: { kind: "routed", values: { index_url: "https://i/simple" } },
  },

  // Short options and clusters.
  { name: "-qU cluster", args: ["install", "-qU", "x"], expect: { kind: "routed", positionals: ["x"], values: { quiet: 1, upgrade: true } } },
  { name: "-vvv counts three", args: ["install", "-vvv", "x"], expect: { kind: "routed", values: { verbose: 3 } } },
  { name: "-t dir", args: ["install", "-t", "/t", "x"], expect: { kind: "routed", positionals: ["x"], values: { target_dir: "/t" } } },
  { name: "-tdir", args: ["install", "-t/t", "x"], expect: { kind: "routed", positionals: ["x"], values: { target_dir: "/t" } } },
  { name: "-t=dir keeps the = in the value", args: ["install", "-t=/t", "x"], expect: { kind: "routed", values: { target_dir: "=/t" } } },
  { name: "-qr reqs.txt", args: ["install", "-qr", "reqs.txt"], expect: { kind: "routed", positionals: [], values: { quiet: 1, requirements: ["reqs.txt"] } } },
  { name: "-rreqs.txt", args: ["install", "-rreqs.txt"], expect: { kind: "routed", positionals: [], values: { requirements: ["reqs.txt"] } } },
  {
    name: "-qrreqs.txt: the value starts after the option taking one",
    args: ["install", "-qrreqs.txt", "x"],
    expect: { kind: "routed", positionals: ["x"], values: { quiet: 1, requirements: ["reqs.txt"] } },
  },
  {
    name: "-c constraints and a requirement",
    args: ["install", "-c", "c.txt", "x"],
    expect: { kind: "routed", positionals: ["x"], values: { constraints: ["c.txt"] } },
  },
  {
    name: "-e . and -e a URL",
    args: ["install", "-e", ".", "-e", "git+https://h/r.git#egg=r"],
    expect: { kind: "routed", positionals: [], values: { editables: [".", "git+https://h/r.git#egg=r"] } },
  },
  { name: "a lone - is a positional", args: ["install", "-"], expect: { kind: "routed", positionals: ["-"] } },
  { name: "-qx: an unknown letter in a cluster", args: ["install", "-qx", "y"], expect: { kind: "usage-error", message: /no such option: -x/ } },
  { name: "uninstall -y", args: ["uninstall", "-y", "x"], expect: { kind: "routed", command: "uninstall", positionals: ["x"], values: { yes: true } } },

  // The command word: the first positional, and pip removes its first occurrence.
  {
    name: "-- before the command ends the general options",
    args: ["-q", "--", "install", "x"],
    expect: { kind: "routed", command: "install", positionals: ["x"], main: { quiet: 1 } },
  },
  {
    name: "-- in the command's arguments makes the rest positional",
    args: ["install", "--", "-e", "--user"],
    expect: { kind: "routed", positionals: ["-e", "--user"], values: { editables: undefined, use_user_site: undefined } },
  },
  {
    name: "cmd_args.remove(cmd_name) removes the first 'install', here --log's value",
    args: ["--log", "install", "-q", "install", "x"],
    expect: { kind: "routed", command: "install", positionals: ["install", "x"], main: { log: "install", quiet: 1 }, values: { log: "-q", quiet: undefined } },
  },
  { name: "a requirement named like the command", args: ["install", "install"], expect: { kind: "routed", positionals: ["install"] } },

  // pip's usage errors (exit status 2).
  { name: "unknown long option", args: ["install", "--frobnicate", "x"], expect: { kind: "usage-error", message: /no such option: --frobnicate/ } },
  { name: "unknown general option before the command", args: ["--frobnicate", "install", "x"], expect: { kind: "usage-error" } },
  { name: "--target without its value", args: ["install", "x", "--target"], expect: { kind: "usage-error", message: /--target option requires 1 argument/ } },
  { name: "-t without its value", args: ["install", "x", "-t"], expect: { kind: "usage-error", message: /-t option requires 1 argument/ } },
  { name: "--timeout without its value before the command", args: ["--timeout"], expect: { kind: "usage-error" } },
  {
    name: "--user=yes: a flag given a value",
    args: ["install", "--user=yes", "x"],
    expect: { kind: "usage-error", message: /--user option does not take a value/ },
  },
  {
    name: "--brea=1: an abbreviated flag given a value",
    args: ["install", "--brea=1", "x"],
    expect: { kind: "usage-error", message: /--break-system-packages option does not take a value/ },
  },
  { name: "--isolated=1 before the command", args: ["--isolated=1", "install", "x"], expect: { kind: "usage-error" } },
  {
    name: "--timeout abc: not a number",
    args: ["install", "--timeout", "abc", "x"],
    expect: { kind: "usage-error" },
  },
  {
    name: "uninstall --root /x: --root abbreviates --root-user-action, whose value is a choice",
    args: ["uninstall", "--root", "/x", "foo"],
    expect: { kind: "usage-error" },
  },

  // Calls pipshim never routes.
  { name: "pip list", args: ["list"], expect: { kind: "other", command: "list" } },
  { name: "pip download -d", args: ["download", "-d", "/d", "x"], expect: { kind: "other", command: "download" } },
  { name: "pip help install", args: ["help", "install"], expect: { kind: "other", command: "help" } },
  { name: "pip with no arguments", args: [], expect: { kind: "other", command: undefined } },
  { name: "an unknown command", args: ["instal", "x"], expect: { kind: "other", command: "instal" } },
  { name: "--version", args: ["--version"], expect: { kind: "other", main: { version: true } } },
  { name: "-V before install", args: ["-V", "install", "x"], expect: { kind: "other", command: "install", main: { version: true } } },
  { name: "--help before install: help is printed at once, nothing after it is read", args: ["--help", "install", "x"], expect: { kind: "other", command: undefined, main: { help: true } } },
  { name: "install -h --bogus: help first, the bad option is never read", args: ["install", "-h", "--bogus"], expect: { kind: "routed", values: { help: true } } },
  { name: "install --help is the command's help", args: ["install", "--help"], expect: { kind: "routed", values: { help: true } } },

  // Exemptions and options from PIP_* variables.
  {
    name: "PIP_TARGET",
    args: ["install", "x"],
    env: { PIP_TARGET: "/e" },
    expect: { kind: "routed", values: { target_dir: "/e" }, sources: { target_dir: "PIP_TARGET" } },
  },
  {
    name: "PIP_PREFIX and PIP_ROOT",
    args: ["install", "x"],
    env: { PIP_PREFIX: "/p", PIP_ROOT: "/r" },
    expect: { kind: "routed", values: { prefix_path: "/p", root_path: "/r" } },
  },
  {
    name: "PIP_BREAK_SYSTEM_PACKAGES=1",
    args: ["install", "x"],
    env: { PIP_BREAK_SYSTEM_PACKAGES: "1" },
    expect: { kind: "routed", values: { override_externally_managed: true }, sources: { override_externally_managed: "PIP_BREAK_SYSTEM_PACKAGES" } },
  },
  {
    name: "PIP_BREAK_SYSTEM_PACKAGES=0",
    args: ["install", "x"],
    env: { PIP_BREAK_SYSTEM_PACKAGES: "0" },
    expect: { kind: "routed", values: { override_externally_managed: false } },
  },
  {
    name: "PIP_BREAK_SYSTEM_PACKAGES=false",
    args: ["uninstall", "x"],
    env: { PIP_BREAK_SYSTEM_PACKAGES: "false" },
    expect: { kind: "routed", values: { override_externally_managed: false } },
  },
  {
    name: "PIP_BREAK_SYSTEM_PACKAGES=Yes (case-insensitive)",
    args: ["uninstall", "x"],
    env: { PIP_BREAK_SYSTEM_PACKAGES: "Yes" },
    expect: { kind: "routed", values: { override_externally_managed: true } },
  },
  {
    name: "PIP_BREAK_SYSTEM_PACKAGES=maybe is pip's usage error",
    args: ["install", "x"],
    env: { PIP_BREAK_SYSTEM_PACKAGES: "maybe" },
    expect: { kind: "usage-error", message: /maybe/ },
  },
  {
    name: "PIP_BREAK_SYSTEM_PACKAGES=maybe does not bother pip list",
    args: ["list"],
    env: { PIP_BREAK_SYSTEM_PACKAGES: "maybe" },
    expect: { kind: "other", command: "list" },
  },
  {
    name: "an empty PIP_BREAK_SYSTEM_PACKAGES is ignored",
    args: ["install", "x"],
    env: { PIP_BREAK_SYSTEM_PACKAGES: "" },
    expect: { kind: "routed", values: { override_externally_managed: undefined } },
  },
  {
    name: "PIP_DRY_RUN with PIP_REPORT",
    args: ["install", "x"],
    env: { PIP_DRY_RUN: "yes", PIP_REPORT: "-" },
    expect: { kind: "routed", values: { dry_run: true, json_report_file: "-" } },
  },
  {
    name: "PIP_NO_USER=1 sets use_user_site to true, as in pip",
    args: ["install", "x"],
    env: { PIP_NO_USER: "1" },
    expect: { kind: "routed", values: { use_user_site: true } },
  },
  {
    name: "PIP_FIND_LINKS splits on white space, -f appends",
    args: ["install", "-f", "/c", "x"],
    env: { PIP_FIND_LINKS: "/a  /b" },
    expect: { kind: "routed", values: { find_links: ["/a", "/b", "/c"] } },
  },
  { name: "PIP_VERBOSE=2 plus -v", args: ["install", "-v", "x"], env: { PIP_VERBOSE: "2" }, expect: { kind: "routed", values: { verbose: 3 } } },
  { name: "PIP_QUIET=true counts one", args: ["install", "x"], env: { PIP_QUIET: "true" }, expect: { kind: "routed", values: { quiet: 1 } } },
  { name: "PIP_VERBOSE=-1 is pip's usage error, for any command", args: ["list"], env: { PIP_VERBOSE: "-1" }, expect: { kind: "usage-error" } },
  { name: "PIP_PYTHON sets the main parser's --python", args: ["install", "x"], env: { PIP_PYTHON: "/x" }, expect: { kind: "routed", main: { python: "/x" } } },
  {
    name: "PIP_HELP and PIP_VERSION are ignored",
    args: ["install", "x"],
    env: { PIP_HELP: "1", PIP_VERSION: "1" },
    expect: { kind: "routed", values: { help: undefined, version: undefined } },
  },
  { name: "PIP_TARG is not an abbreviation", args: ["install", "x"], env: { PIP_TARG: "/e" }, expect: { kind: "routed", values: { target_dir: undefined } } },
  {
    name: "PIP_DEFAULT_TIMEOUT is --timeout's other name",
    args: ["install", "x"],
    env: { PIP_DEFAULT_TIMEOUT: "7" },
    expect: { kind: "routed", values: { timeout: "7" } },
  },
  {
    name: "--isolated: PIP_* variables are ignored",
    args: ["install", "--isolated", "x"],
    env: { PIP_TARGET: "/e" },
    expect: { kind: "routed", values: { target_dir: undefined } },
  },
  {
    name: "PIP_ISOLATED=1 does not isolate pip's config",
    args: ["install", "x"],
    env: { PIP_ISOLATED: "1", PIP_TARGET: "/e" },
    expect: { kind: "routed", values: { isolated_mode: true, target_dir: "/e" } },
  },
  {
    name: "--isol sets isolated_mode but only the exact --isolated isolates the config",
    args: ["--isol", "install", "x"],
    env: { PIP_TARGET: "/e" },
    expect: { kind: "routed", main: { isolated_mode: true }, values: { target_dir: "/e" } },
  },
  {
    name: "an --isolated after -- still isolates the config (pip tests '--isolated' in cmd_args)",
    args: ["install", "x", "--", "--isolated"],
    env: { PIP_TARGET: "/e" },
    expect: { kind: "routed", positionals: ["x", "--isolated"], values: { target_dir: undefined, isolated_mode: undefined } },
  },

  // Options from config files.
  {
    name: "[global] target",
    args: ["install", "x"],
    config: { global: ini("[global]", "target = /g") },
    expect: { kind: "routed", values: { target_dir: "/g" }, sources: { target_dir: CONFIG_PATHS.global } },
  },
  {
    name: "[install] beats [global] in the same file",
    args: ["install", "x"],
    config: { user: ini("[install]", "target = /i", "[global]", "target = /g") },
    expect: { kind: "routed", values: { target_dir: "/i" } },
  },
  {
    name: "[install] in the global file beats [global] in the user file",
    args: ["install", "x"],
    config: { global: ini("[install]", "target = /i"), user: ini("[global]", "target = /u") },
    expect: { kind: "routed", values: { target_dir: "/i" } },
  },
  {
    name: "[install] break-system-packages",
    args: ["install", "x"],
    config: { global: ini("[install]", "break-system-packages = true") },
    expect: { kind: "routed", values: { override_externally_managed: true } },
  },
  {
    name: "[install] break-system-packages does not reach uninstall",
    args: ["uninstall", "x"],
    config: { global: ini("[install]", "break-system-packages = true") },
    expect: { kind: "routed", values: { override_externally_managed: undefined } },
  },
  {
    name: "[uninstall] break-system-packages",
    args: ["uninstall", "x"],
    config: { user: ini("[uninstall]", "break-system-packages = on") },
    expect: { kind: "routed", values: { override_externally_managed: true } },
  },
  {
    name: "[global] break_system_packages (underscores) reaches install",
    args: ["install", "x"],
    config: { site: ini("[global]", "break_system_packages = 1") },
    expect: { kind: "routed", values: { override_externally_managed: true } },
  },
  {
    name: "a section for another command is ignored",
    args: ["install", "x"],
    config: { global: ini("[freeze]", "target = /f") },
    expect: { kind: "routed", values: { target_dir: undefined } },
  },
  {
    name: "an abbreviated key in a config file is ignored",
    args: ["install", "x"],
    config: { global: ini("[install]", "targ = /t") },
    expect: { kind: "routed", values: { target_dir: undefined } },
  },
  {
    name: "an invalid boolean in a config file",
    args: ["install", "x"],
    config: { global: ini("[install]", "break-system-packages = sure") },
    expect: { kind: "usage-error", message: /sure/ },
  },
  {
    name: "the user file overrides the global one, the site file both",
    args: ["install", "x"],
    config: {
      global: ini("[global]", "target = /g", "prefix = /g", "root = /g"),
      user: ini("[global]", "target = /u", "prefix = /u"),
      site: ini("[global]", "target = /s"),
    },
    expect: { kind: "routed", values: { target_dir: "/s", prefix_path: "/u", root_path: "/g" } },
  },
  {
    name: "PIP_CONFIG_FILE overrides the site file",
    args: ["install", "x"],
    config: { site: ini("[global]", "target = /s", "prefix = /s"), envFile: ini("[global]", "target = /e") },
    expect: { kind: "routed", values: { target_dir: "/e", prefix_path: "/s" } },
  },
  {
    name: "the new user file beats the legacy ~/.pip/pip.conf",
    args: ["install", "x"],
    config: { userLegacy: ini("[global]", "target = /old"), user: ini("[global]", "target = /new") },
    expect: { kind: "routed", values: { target_dir: "/new" } },
  },
  {
    name: "--isolated skips the user file but not the global one",
    args: ["install", "--isolated", "x"],
    config: { global: ini("[global]", "prefix = /g"), user: ini("[global]", "target = /u") },
    expect: { kind: "routed", values: { prefix_path: "/g", target_dir: undefined } },
  },
  {
    name: "--isolated still reads PIP_CONFIG_FILE",
    args: ["--isolated", "install", "x"],
    config: { envFile: ini("[install]", "target = /e") },
    expect: { kind: "routed", values: { target_dir: "/e" } },
  },
  {
    name: "PIP_CONFIG_FILE=/dev/null skips every file, not the variables",
    args: ["install", "x"],
    env: { PIP_PREFIX: "/v" },
    config: { devNull: true, global: ini("[global]", "target = /g"), site: ini("[global]", "root = /s") },
    expect: { kind: "routed", values: { target_dir: undefined, root_path: undefined, prefix_path: "/v" } },
  },
  {
    name: "an existing PIP_CONFIG_FILE skips the user files",
    args: ["install", "x"],
    config: { user: ini("[global]", "target = /u"), envFile: ini("[global]", "prefix = /e") },
    expect: { kind: "routed", values: { target_dir: undefined, prefix_path: "/e" } },
  },
  {
    name: "a missing PIP_CONFIG_FILE leaves the user files in",
    args: ["install", "x"],
    config: { user: ini("[global]", "target = /u"), envFile: null },
    expect: { kind: "routed", values: { target_dir: "/u" } },
  },
  {
    name: "[DEFAULT] reaches the sections of the file",
    args: ["install", "x"],
    config: { global: ini("[DEFAULT]", "target = /d", "[global]") },
    expect: { kind: "routed", values: { target_dir: "/d" } },
  },
  {
    name: "[DEFAULT] under [freeze] stays with freeze",
    args: ["install", "x"],
    config: { global: ini("[DEFAULT]", "target = /d", "[freeze]") },
    expect: { kind: "routed", values: { target_dir: undefined } },
  },
  {
    name: "[DEFAULT] alone is no section",
    args: ["install", "x"],
    config: { global: ini("[DEFAULT]", "target = /d") },
    expect: { kind: "routed", values: { target_dir: undefined } },
  },
  {
    name: "continuation lines make a list",
    args: ["install", "x"],
    config: { global: ini("[install]", "find-links =", "    /a", "    # a comment", "    /b") },
    expect: { kind: "routed", values: { find_links: ["/a", "/b"] } },
  },
  {
    name: "':' delimiter, upper-case key, no inline comments",
    args: ["install", "x"],
    config: { global: ini("; a comment", "[global]", "Target: /t # not a comment") },
    expect: { kind: "routed", values: { target_dir: "/t # not a comment" } },
  },
  {
    name: "an empty value in a later file blanks out an earlier one",
    args: ["install", "x"],
    config: { global: ini("[global]", "target = /g"), user: ini("[global]", "target =") },
    expect: { kind: "routed", values: { target_dir: undefined } },
  },
  {
    name: "duplicate keys in a section are pip's error",
    args: ["install", "x"],
    config: { global: ini("[global]", "target = /a", "target = /b") },
    expect: { kind: "usage-error", message: /target/ },
  },
  {
    name: "a duplicate section is pip's error",
    args: ["install", "x"],
    config: { user: ini("[global]", "target = /a", "[global]", "prefix = /b") },
    expect: { kind: "usage-error" },
  },
  { name: "a config file error stops even pip list", args: ["list"], config: { global: "target = /t\n" }, expect: { kind: "usage-error" } },

  // Who wins: the command line over variables over files.
  {
    name: "PIP_TARGET overrides the config files",
    args: ["install", "x"],
    env: { PIP_TARGET: "/e" },
    config: { global: ini("[install]", "target = /c") },
    expect: { kind: "routed", values: { target_dir: "/e" }, sources: { target_dir: "PIP_TARGET" } },
  },
  {
    name: "--target overrides PIP_TARGET",
    args: ["install", "--target", "/cli", "x"],
    env: { PIP_TARGET: "/e" },
    expect: { kind: "routed", values: { target_dir: "/cli" }, sources: { target_dir: undefined } },
  },
  {
    name: "--no-user overrides PIP_USER=1",
    args: ["install", "--no-user", "x"],
    env: { PIP_USER: "1" },
    expect: { kind: "routed", values: { use_user_site: false } },
  },

  // The options of the pip that runs: the built-in ones are pip 23.0.1's, not a union of versions.
  { name: "23.0.1: no --keyring-provider", args: ["--keyring-provider", "auto", "install", "x"], expect: { kind: "usage-error", message: /no such option/ } },
  { name: "23.0.1: no --keyring-provider after the command", args: ["install", "--keyring-provider", "auto", "x"], expect: { kind: "usage-error" } },
  { name: "23.0.1: no -C", args: ["install", "-C", "a=b", "x"], expect: { kind: "usage-error", message: /no such option: -C/ } },
  { name: "23.0.1: no --progress-bar raw", args: ["install", "--progress-bar", "raw", "x"], expect: { kind: "usage-error", message: /invalid choice/ } },
  { name: "23.0.1: PIP_PROGRESS_BAR=raw", args: ["install", "x"], env: { PIP_PROGRESS_BAR: "raw" }, expect: { kind: "usage-error" } },
  { name: "23.0.1: --use-feature checks its choices", args: ["install", "--use-feature", "bogus", "x"], expect: { kind: "usage-error" } },
  { name: "23.0.1: --use-feature fast-deps", args: ["--use-feature=fast-deps", "install", "x"], expect: { kind: "routed", main: { features_enabled: ["fast-deps"] } } },
  { name: "23.0.1: no --use-deprecated legacy-certs", args: ["install", "--use-deprecated", "legacy-certs", "x"], expect: { kind: "usage-error" } },
  { name: "23.0.1: PIP_USE_FEATURE with a bad one", args: ["install", "x"], env: { PIP_USE_FEATURE: "fast-deps bogus" }, expect: { kind: "usage-error" } },
  { name: "23.0.1: --exists-action wipe is not a choice", args: ["--exists-action", "wipe", "install", "x"], expect: { kind: "usage-error" } },
  { name: "23.0.1: PIP_KEYRING_PROVIDER=bogus names no option: ignored", args: ["install", "x"], env: { PIP_KEYRING_PROVIDER: "bogus" }, expect: { kind: "routed", positionals: ["x"] } },
  { name: "23.0.1: --g is --global-option", args: ["install", "--g", "a", "x"], expect: { kind: "routed", values: { global_options: ["a"] }, positionals: ["x"] } },
  { name: "23.0.1: --install-option", args: ["install", "--install-option=--a", "x"], expect: { kind: "routed", values: { install_options: ["--a"] } } },
  { name: "23.0.1: --no-use-pep517 (the built-in table cannot tell whether setuptools is there)", args: ["install", "--no-use-pep517", "x"], expect: { kind: "routed", values: { use_pep517: false } } },
  { name: "24.2: --keyring-provider", args: ["--keyring-provider", "auto", "install", "x"], tables: PIP_24_2, expect: { kind: "routed", main: { keyring_provider: "auto" }, values: { keyring_provider: "auto" } } },
  { name: "24.2: --keyring=import (abbreviated)", args: ["install", "--keyring=import", "x"], tables: PIP_24_2, expect: { kind: "routed", values: { keyring_provider: "import" } } },
  { name: "24.2: --keyring-provider bogus", args: ["install", "--keyring-provider", "bogus", "x"], tables: PIP_24_2, expect: { kind: "usage-error", message: /invalid choice/ } },
  { name: "24.2: PIP_KEYRING_PROVIDER=bogus", args: ["install", "x"], env: { PIP_KEYRING_PROVIDER: "bogus" }, tables: PIP_24_2, expect: { kind: "usage-error" } },
  { name: "24.2: PIP_KEYRING_PROVIDER=bogus stops pip list too", args: ["list"], env: { PIP_KEYRING_PROVIDER: "bogus" }, tables: PIP_24_2, expect: { kind: "usage-error" } },
  { name: "24.2: keyring-provider in a config file", args: ["install", "x"], config: { global: ini("[install]", "keyring-provider = subprocess") }, tables: PIP_24_2, expect: { kind: "routed", values: { keyring_provider: "subprocess" } } },
  { name: "24.2: -C a=b", args: ["install", "-Ca=b", "x"], tables: PIP_24_2, expect: { kind: "routed", values: { config_settings: "a=b" }, positionals: ["x"] } },
  { name: "24.2: -C without KEY=VAL", args: ["install", "-C", "a", "x"], tables: PIP_24_2, expect: { kind: "usage-error", message: /KEY=VAL/ } },
  { name: "24.2: --progress-bar raw", args: ["install", "--progress-bar", "raw", "x"], tables: PIP_24_2, expect: { kind: "routed", values: { progress_bar: "raw" } } },
  { name: "24.2: PIP_PROGRESS_BAR=raw", args: ["install", "x"], env: { PIP_PROGRESS_BAR: "raw" }, tables: PIP_24_2, expect: { kind: "routed", values: { progress_bar: "raw" } } },
  { name: "24.2: --use-deprecated legacy-certs", args: ["install", "--use-deprecated", "legacy-certs", "x"], tables: PIP_24_2, expect: { kind: "routed" } },
  { name: "24.2: no --install-option", args: ["install", "--install-option=--a", "x"], tables: PIP_24_2, expect: { kind: "usage-error" } },
  { name: "24.2: --no-use-pep517 refused where its callback refuses it", args: ["install", "--no-use-pep517", "x"], tables: PIP_24_2, expect: { kind: "usage-error", message: /setuptools/ } },
  { name: "24.2: ... but not after -h", args: ["install", "-h", "--no-use-pep517"], tables: PIP_24_2, expect: { kind: "routed", values: { help: true } } },
  { name: "25: --g is ambiguous", args: ["install", "--g", "a", "x"], tables: PIP_25, expect: { kind: "usage-error", message: /ambiguous/ } },
  { name: "25: --group dev", args: ["install", "--group", "dev"], tables: PIP_25, expect: { kind: "routed", values: { dependency_groups: "dev" } } },
  { name: "25: --group with a pyproject.toml path", args: ["install", "--group", "sub/pyproject.toml:dev"], tables: PIP_25, expect: { kind: "routed" } },
  { name: "25: --group with another file", args: ["install", "--group", "setup.cfg:dev"], tables: PIP_25, expect: { kind: "usage-error", message: /pyproject.toml/ } },
  { name: "25: PIP_RESUME_RETRIES=x", args: ["install", "y"], env: { PIP_RESUME_RETRIES: "x" }, tables: PIP_25, expect: { kind: "usage-error" } },
  { name: "nargs 2: both values", args: ["install", "--pair", "1", "2", "x"], tables: ODD, expect: { kind: "routed", values: { pair: "1" }, positionals: ["x"] } },
  { name: "nargs 2: one attached, one after", args: ["install", "-P1", "2", "x"], tables: ODD, expect: { kind: "routed", positionals: ["x"] } },
  { name: "nargs 2: too few", args: ["install", "x", "--pair=1"], tables: ODD, expect: { kind: "usage-error", message: /2 arguments/ } },
  { name: "nargs 2: each value checked", args: ["install", "--pair", "1", "b", "x"], tables: ODD, expect: { kind: "usage-error", message: /integer/ } },
  { name: "store_const", args: ["install", "--const", "x"], tables: ODD, expect: { kind: "routed", values: { konst: "k" } } },

  // Config values read as pip's _update_defaults reads them, by action.
  { name: "PIP_VERBOSE=1_0 is int('1_0')", args: ["install", "x"], env: { PIP_VERBOSE: "1_0" }, expect: { kind: "routed", values: { verbose: 10 } } },
  { name: "PIP_QUIET=' 2 '", args: ["install", "x"], env: { PIP_QUIET: " 2 " }, expect: { kind: "routed", values: { quiet: 2 } } },
  { name: "PIP_QUIET=-1 is refused", args: ["install", "x"], env: { PIP_QUIET: "-1" }, expect: { kind: "usage-error" } },
  { name: "PIP_QUIET=-0 is zero", args: ["install", "x"], env: { PIP_QUIET: "-0" }, expect: { kind: "routed" } },
  { name: "PIP_QUIET in Arabic-Indic digits", args: ["install", "x"], env: { PIP_QUIET: "\u0663" }, expect: { kind: "routed", values: { quiet: 3 } } },
  { name: "--retries 08: octal (a leading 0), and 8 is no octal digit", args: ["--retries", "08", "install", "x"], expect: { kind: "usage-error", message: /integer/ } },
  { name: "--retries 0 and an Arabic-Indic 8: no octal digit either", args: ["--retries", "0\u0668", "install", "x"], expect: { kind: "usage-error" } },
  { name: "--retries 0 and an Arabic-Indic 7", args: ["--retries", "0\u0667", "install", "x"], expect: { kind: "routed" } },
  { name: "--retries 0b and an Arabic-Indic 2", args: ["--retries", "0b\u0662", "install", "x"], expect: { kind: "usage-error" } },
  { name: "--retries 0 and a mathematical 8 (outside the BMP)", args: ["--retries", "0\u{1D7D6}", "install", "x"], expect: { kind: "usage-error" } },
  { name: "--retries 0 and a mathematical 7", args: ["--retries", "0\u{1D7D5}", "install", "x"], expect: { kind: "routed" } },
  { name: "PIP_QUIET=-1 in Arabic-Indic digits is refused", args: ["install", "x"], env: { PIP_QUIET: "-\u0661" }, expect: { kind: "usage-error" } },
  { name: "PIP_NO_CACHE_DIR=junk", args: ["install", "x"], env: { PIP_NO_CACHE_DIR: "junk" }, expect: { kind: "usage-error" } },
  { name: "PIP_NO_CACHE_DIR=false still disables the cache", args: ["install", "x"], env: { PIP_NO_CACHE_DIR: "false" }, expect: { kind: "routed", values: { cache_dir: false } } },
  { name: "PIP_NO_USE_PEP517 is always refused", args: ["install", "x"], env: { PIP_NO_USE_PEP517: "1" }, expect: { kind: "usage-error" } },
  { name: "a list splits on Python's white space (U+001C too)", args: ["install", "x"], env: { PIP_FIND_LINKS: "a\u001cb\u00a0c" }, expect: { kind: "routed", values: { find_links: ["a", "b", "c"] } } },
  { name: "... but not on U+FEFF", args: ["install", "x"], env: { PIP_FIND_LINKS: "a\ufeffb" }, expect: { kind: "routed", values: { find_links: ["a\ufeffb"] } } },
  { name: "PIP_NO_BINARY=-x", args: ["install", "y"], env: { PIP_NO_BINARY: "-x" }, expect: { kind: "usage-error" } },
];

function pick(values: OptionValues, wanted: Values): Values {
  return Object.fromEntries(Object.keys(wanted).map((k) => [k, values.get(k)]));
}

function check(result: PipCall, expect: Expect) {
  assert.equal(result.kind, expect.kind, `got ${JSON.stringify(result.kind === "usage-error" ? result : result.kind)}`);
  if (result.kind === "usage-error" && expect.kind === "usage-error") {
    if (expect.message) assert.match(result.message, expect.message);
  } else if (result.kind === "other" && expect.kind === "other") {
    if ("command" in expect) assert.equal(result.main.command?.name, expect.command);
    if (expect.main) assert.deepEqual(pick(result.main.values, expect.main), expect.main);
  } else if (result.kind === "routed" && expect.kind === "routed") {
    const { call, main } = result;
    if (expect.command) assert.equal(call.command, expect.command);
    if (expect.positionals) assert.deepEqual(call.positionals.map((p) => p.value), expect.positionals);
    if (expect.values) assert.deepEqual(pick(call.values, expect.values), expect.values);
    if (expect.main) assert.deepEqual(pick(main.values, expect.main), expect.main);
    if (expect.sources) {
      const sources = Object.fromEntries(Object.keys(expect.sources).map((d) => [d, call.configSources.get(d)?.source]));
      assert.deepEqual(sources, expect.sources);
    }
  }
}

describe("parsePipArgs", () => {
  for (const c of CASES) {
    test(`${c.name}: pip ${c.args.join(" ")}`, { todo: c.todo }, () => {
      const env = { ...configFileEnv(c.config), ...c.env };
      check(parsePipArgs(c.args, pipConfig(c.config), env, c.tables), c.expect);
    });
  }

  test("the tables as the probe dumps them are read back whole, and nothing malformed is taken", () => {
    const dumped = JSON.parse(JSON.stringify(PIP_24_2)) as unknown;
    assert.deepEqual(readOptionTables(dumped), PIP_24_2);
    assert.equal(readOptionTables({ ...PIP_24_2, version: 1 }), undefined);
    assert.equal(readOptionTables({ ...PIP_24_2, install: [{ long: "--x" }] }), undefined);
    assert.equal(readOptionTables(null), undefined);
  });

  test("keeps the original arguments and maps the command's arguments back to them", () => {
    const r = parsePipArgs(["-q", "install", "--user", "x"], pipConfig(), {});
    assert.equal(r.kind, "routed");
    if (r.kind !== "routed") return;
    assert.deepEqual(r.args, ["-q", "install", "--user", "x"]);
    assert.deepEqual(r.call.commandArgs, ["-q", "--user", "x"]);
    assert.deepEqual(r.call.originalIndex, [0, 2, 3]);
    assert.deepEqual(r.main.command, { name: "install", index: 1 });
  });
});

// configparser.RawConfigParser's reading, as pip uses it (checked against Python 3.11's).
const INI_CASES: { name: string; text: string; expect: Record<string, Record<string, string>> | RegExp; todo?: string }[] = [
  { name: "[DEFAULT] keys come first, the section's own win", text: ini("[DEFAULT]", "a = 1", "b = 2", "[s]", "b = 3"), expect: { s: { a: "1", b: "3" } } },
  { name: "[DEFAULT] twice is allowed", text: ini("[DEFAULT]", "a = 1", "[DEFAULT]", "b = 2", "[s]"), expect: { s: { a: "1", b: "2" } } },
  { name: "a blank line inside a value is kept, trailing ones are not", text: ini("[s]", "k = a", "", "  b", "", ""), expect: { s: { k: "a\n\nb" } } },
  { name: "an indented line after a section header is an option", text: ini("[s]", "  k = v"), expect: { s: { k: "v" } } },
  { name: "an indented [x] under an option continues it", text: ini("[s]", "k = a", "  [x]"), expect: { s: { k: "a\n[x]" } } },
  { name: "CRLF and CR line ends", text: "[s]\r\nk = v\rj = w\r\n", expect: { s: { k: "v", j: "w" } } },
  { name: "the header takes up to the last ]", text: ini("[a]b] trailing", "k = v"), expect: { "a]b": { k: "v" } } },
  { name: "keys are lower-cased, values keep their case", text: ini("[s]", "KeY = VaLue"), expect: { s: { key: "VaLue" } } },
  { name: "'=' before ':' decides the key", text: ini("[s]", "k = a:b"), expect: { s: { k: "a:b" } } },
  { name: "a key twice, differently cased", text: ini("[s]", "k = 1", "K = 2"), expect: /appears twice/ },
  { name: "an option before any section", text: ini("k = v", "[s]"), expect: /section/ },
  { name: "a line without a delimiter", text: ini("[s]", "novalue"), expect: /cannot read/ },
  { name: "an empty key", text: ini("[s]", "= v"), expect: /cannot read/ },
  {
    name: "a UTF-8 byte order mark before the first section",
    text: `\uFEFF${ini("[global]", "k = v")}`,
    expect: /section/,
  },
];

describe("parseIni", () => {
  for (const c of INI_CASES) {
    test(c.name, { todo: c.todo }, () => {
      if (c.expect instanceof RegExp) {
        assert.throws(() => parseIni(c.text), (e: unknown) => e instanceof IniError && (c.expect as RegExp).test(e.message));
      } else {
        const sections = Object.fromEntries([...parseIni(c.text)].map(([name, items]) => [name, Object.fromEntries(items)]));
        assert.deepEqual(sections, c.expect);
      }
    });
  }
});
