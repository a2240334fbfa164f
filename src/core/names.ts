// Small pure helpers for names, paths and quoting, shared by the decision and the messages.

/** A name pip's scripts go by: pip, pip3, pip3.11. */
export function isPipName(name: string): boolean {
  return /^pip[0-9.]*$/.test(name);
}

/** PEP 503 normalisation: `Foo_Bar.baz` and `foo-bar-baz` are the same project. */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

const NAME_AT_START = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;
const ARCHIVE = /\.(whl|zip|tar\.gz|tgz|tar\.bz2|tar\.xz|tar)$/i;

/**
 * The project name a requirement names, when its text says so (`Foo[x]>=1; python_version>"3"`,
 * `foo @ https://...`); undefined for paths, archives and URLs, whose name only their metadata knows.
 */
export function requirementName(requirement: string): string | undefined {
  const at = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*@/.exec(requirement);
  if (at) return at[1];
  if (/[\\/]|^[.~]|:\/\//.test(requirement) || ARCHIVE.test(requirement.trim())) return undefined;
  return NAME_AT_START.exec(requirement)?.[1];
}

/** A path for people: the home folder as `~`. */
export function displayPath(path: string, home: string): string {
  if (home && home !== "/" && (path === home || path.startsWith(`${home}/`))) return `~${path.slice(home.length)}`;
  return path;
}

/** Quotes a word for POSIX shells (and Python's shlex.split, which pipx uses for --pip-args). */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A path to paste into a shell, keeping a leading `~/` expandable. */
export function shellPath(path: string, home: string): string {
  const shown = displayPath(path, home);
  return shown.startsWith("~/") ? `~/${shellQuote(shown.slice(2))}` : shellQuote(shown);
}

/**
 * A yes for pipshim's own switches (PIPSHIM_DISABLE, PIPSHIM_QUIET): 1, true, yes, on, y, t, in
 * any case, with spaces, tabs and line breaks around it ignored (bin/pipshim, _pipshim_truthy: the
 * same rule; test/shim/shell-rules.test.ts runs one table against both).
 */
export function truthy(value: string | undefined): boolean {
  return value !== undefined && ["1", "true", "yes", "on", "y", "t"].includes(value.replace(/^[ \t\n]+|[ \t\n]+$/g, "").toLowerCase());
}
