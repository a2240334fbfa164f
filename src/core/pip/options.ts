// pip's command-line options, as pip's own optparse parsers define them (pip 23.0 to 25.x, the
// union: an option only a newer pip knows is harmless here, since an option pipshim does not know
// makes it hand the call to the real pip unchanged).
//
// Only what parsing needs is kept: the spellings, whether the option takes a value, and the
// option's destination and action, which decide how pip reads it from config files and the
// environment (store_true/store_false read booleans, append splits on white space, ...).

export type OptionAction = "store" | "store_true" | "store_false" | "count" | "append" | "callback" | "help";

export interface PipOption {
  /** Long spellings, with the leading `--`. */
  long: string[];
  /** Short spellings, with the leading `-`. */
  short: string[];
  /** optparse `nargs`: 1 when the option takes a value, 0 when it is a flag. */
  takesValue: boolean;
  dest: string;
  action: OptionAction;
  /** optparse's value check: a number type, or the choices allowed (union over pip versions). */
  type?: "int" | "float" | readonly string[];
}

function opt(spellings: string, action: OptionAction, dest: string, takesValue?: boolean, type?: PipOption["type"]): PipOption {
  const names = spellings.split(" ");
  const o: PipOption = {
    long: names.filter((n) => n.startsWith("--")),
    short: names.filter((n) => !n.startsWith("--")),
    takesValue: takesValue ?? (action === "store" || action === "append"),
    dest,
    action,
  };
  if (type) o.type = type;
  return o;
}

const ROOT_USER_ACTIONS = ["warn", "ignore"];

/** pip's general options: accepted before the command and, by every command's parser, after it. */
export const GENERAL_OPTIONS: PipOption[] = [
  opt("-h --help", "help", "help"),
  opt("--debug", "store_true", "debug_mode"),
  opt("--isolated", "store_true", "isolated_mode"),
  opt("--require-virtualenv --require-venv", "store_true", "require_venv"),
  opt("--python", "store", "python"),
  opt("-v --verbose", "count", "verbose"),
  opt("-V --version", "store_true", "version"),
  opt("-q --quiet", "count", "quiet"),
  opt("--log --log-file --local-log", "store", "log"),
  opt("--no-input", "store_true", "no_input"),
  opt("--keyring-provider", "store", "keyring_provider", true, ["auto", "disabled", "import", "subprocess"]),
  opt("--proxy", "store", "proxy"),
  opt("--retries", "store", "retries", true, "int"),
  opt("--resume-retries", "store", "resume_retries", true, "int"),
  opt("--timeout --default-timeout", "store", "timeout", true, "float"),
  opt("--exists-action", "append", "exists_action", true, ["s", "switch", "i", "ignore", "w", "wipe", "b", "backup", "a", "abort"]),
  opt("--trusted-host", "append", "trusted_hosts"),
  opt("--cert", "store", "cert"),
  opt("--client-cert", "store", "client_cert"),
  opt("--cache-dir", "store", "cache_dir"),
  opt("--no-cache-dir", "callback", "cache_dir", false),
  opt("--disable-pip-version-check", "store_true", "disable_pip_version_check"),
  opt("--no-color", "store_true", "no_color"),
  opt("--no-python-version-warning", "store_true", "no_python_version_warning"),
  opt("--use-feature", "append", "features_enabled"),
  opt("--use-deprecated", "append", "deprecated_features_enabled"),
];

/** Index options, shared by install and other commands. */
const INDEX_OPTIONS: PipOption[] = [
  opt("-i --index-url --pypi-url", "store", "index_url"),
  opt("--extra-index-url", "append", "extra_index_urls"),
  opt("--no-index", "store_true", "no_index"),
  opt("-f --find-links", "append", "find_links"),
];

export const INSTALL_OPTIONS: PipOption[] = [
  opt("-r --requirement", "append", "requirements"),
  opt("-c --constraint", "append", "constraints"),
  opt("--group", "append", "dependency_groups"),
  opt("--no-deps --no-dependencies", "store_true", "ignore_dependencies"),
  opt("--pre", "store_true", "pre"),
  opt("-e --editable", "append", "editables"),
  opt("--dry-run", "store_true", "dry_run"),
  opt("-t --target", "store", "target_dir"),
  opt("--platform", "append", "platforms"),
  opt("--python-version", "callback", "python_version", true),
  opt("--implementation", "store", "implementation"),
  opt("--abi", "append", "abis"),
  opt("--user", "store_true", "use_user_site"),
  opt("--no-user", "store_false", "use_user_site"),
  opt("--root", "store", "root_path"),
  opt("--prefix", "store", "prefix_path"),
  opt("--src --source --source-dir --source-directory", "callback", "src_dir", true),
  opt("-U --upgrade", "store_true", "upgrade"),
  opt("--upgrade-strategy", "store", "upgrade_strategy", true, ["only-if-needed", "eager"]),
  opt("--force-reinstall", "store_true", "force_reinstall"),
  opt("-I --ignore-installed", "store_true", "ignore_installed"),
  opt("--ignore-requires-python", "store_true", "ignore_requires_python"),
  opt("--no-build-isolation", "store_false", "build_isolation"),
  opt("--use-pep517", "store_true", "use_pep517"),
  opt("--no-use-pep517", "callback", "use_pep517", false),
  opt("--check-build-dependencies", "store_true", "check_build_deps"),
  opt("--break-system-packages", "store_true", "override_externally_managed"),
  opt("-C --config-settings", "callback", "config_settings", true),
  opt("--install-option", "append", "install_options"),
  opt("--global-option", "append", "global_options"),
  opt("--compile", "store_true", "compile"),
  opt("--no-compile", "store_false", "compile"),
  opt("--no-warn-script-location", "store_false", "warn_script_location"),
  opt("--no-warn-conflicts", "store_false", "warn_about_conflicts"),
  opt("--no-binary", "callback", "format_control", true),
  opt("--only-binary", "callback", "format_control", true),
  opt("--prefer-binary", "store_true", "prefer_binary"),
  opt("--require-hashes", "store_true", "require_hashes"),
  opt("--progress-bar", "store", "progress_bar", true, ["on", "off", "raw"]),
  opt("--root-user-action", "store", "root_user_action", true, ROOT_USER_ACTIONS),
  opt("--report", "store", "json_report_file"),
  opt("--no-clean", "store_true", "no_clean"),
  ...INDEX_OPTIONS,
];

export const UNINSTALL_OPTIONS: PipOption[] = [
  opt("-r --requirement", "append", "requirements"),
  opt("-y --yes", "store_true", "yes"),
  opt("--root-user-action", "store", "root_user_action", true, ROOT_USER_ACTIONS),
  opt("--break-system-packages", "store_true", "override_externally_managed"),
];

/** The commands PEP 668's check applies to, and so the only ones pipshim ever routes. */
export type RoutedCommand = "install" | "uninstall";

export function commandOptions(command: RoutedCommand): PipOption[] {
  return [...(command === "install" ? INSTALL_OPTIONS : UNINSTALL_OPTIONS), ...GENERAL_OPTIONS];
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
