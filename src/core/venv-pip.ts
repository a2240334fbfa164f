// How pipshim runs an environment's own pip. Pure.
//
// Normally its script (`<venv>/bin/pip`, or the name pip was called by), run by the environment's
// own python: pip names itself after the script in its messages, as when the user runs it, and
// a script whose `#!` line cannot work (a path with a space or a quote: the kernel splits the
// line, or virtualenv's sh wrapper breaks on the quote) still runs as Python. A path holding a
// line break (\n or \r) is the exception: venv and virtualenv write the `#!` line as it is, so the
// script's second line is the rest of the path, a SyntaxError. Then `python -m pip`.

export function pipCommandFor(venvPath: string, name: string): { file: string; args: string[] } {
  const file = `${venvPath}/bin/python`;
  return /[\r\n]/.test(venvPath) ? { file, args: ["-m", "pip"] } : { file, args: [`${venvPath}/bin/${name}`] };
}
