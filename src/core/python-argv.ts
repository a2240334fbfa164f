// How python reads the options before `-m` (python's own command line: clustered one-letter flags,
// -W/-X taking a value, -c/-m ending the options), for `python [options] -m pip ARGS`. Pure.

/** Options that take a value: as the next argument, or attached (`-Wignore`). */
const TAKES_VALUE = new Set(["W", "X"]);

/** The arguments pip gets when `argv` (a python command line, without python itself) runs `-m pip`; else undefined. */
export function pipArgsOfPython(argv: readonly string[]): string[] | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--check-hash-based-pycs") {
      i += 1;
      continue;
    }
    if (a.startsWith("--")) {
      if (a === "--help" || a === "--version") return undefined;
      continue; // --other long options take no value
    }
    if (!a.startsWith("-") || a === "-") return undefined; // a script, or standard input
    for (let c = 1; c < a.length; c++) {
      const flag = a[c];
      if (flag === "c") return undefined;
      if (flag === "m") {
        const module = c + 1 < a.length ? a.slice(c + 1) : argv[i + 1];
        const rest = c + 1 < a.length ? argv.slice(i + 1) : argv.slice(i + 2);
        return module === "pip" ? [...rest] : undefined;
      }
      if (TAKES_VALUE.has(flag)) {
        if (c + 1 === a.length) i += 1;
        break;
      }
    }
  }
  return undefined;
}

/** A name python goes by: python, python3, python3.11. */
export function isPythonName(name: string): boolean {
  return /^python[0-9.]*$/.test(name);
}
