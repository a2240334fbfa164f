// pipshim's Node.js entry point (bin/pipshim starts it): one function per command.

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { say, UserError } from "./messages.js";

declare const PIPSHIM_VERSION: string;

const HELP = `pipshim: makes \`pip install\` work on externally managed Pythons (PEP 668).

Usage:
  pipshim pip ARGS...        what the pip shim does (also pip3): alias pip='pipshim pip'
  pipshim explain [--json] PIP_ARGS...
                             what \`pip PIP_ARGS...\` would do here, and why
  pipshim config ...         settings (pipshim config --help)
  pipshim --version

Put ${"<pipshim>/shims"} first on PATH to use the shims. Documentation: README.md.
`;

const shimsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "shims");

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && /^pip[0-9.]*$/.test(command)) {
    const { pipCommand } = await import("./commands/pip.js");
    return pipCommand(command, rest, shimsDir);
  }
  switch (command) {
    case "explain": {
      const { explainCommand } = await import("./commands/explain.js");
      return explainCommand(rest, shimsDir);
    }
    case "config": {
      const { configCommand } = await import("./commands/config.js");
      return configCommand(rest);
    }
    case "--version":
    case "-V":
    case "version":
      process.stdout.write(`pipshim ${typeof PIPSHIM_VERSION === "string" ? PIPSHIM_VERSION : "dev"}\n`);
      return 0;
    case undefined:
    case "--help":
    case "-h":
    case "help":
      process.stdout.write(HELP);
      return 0;
    default:
      throw new UserError(`unknown command "${command}" (pipshim --help lists them)`, 2);
  }
}

function fail(e: unknown): void {
  if (e instanceof UserError) {
    say(e.message);
    process.exitCode = e.exitCode;
  } else {
    say(`internal error: ${(e as Error)?.message ?? String(e)} (please report it; PIPSHIM_DISABLE=1 bypasses pipshim)`);
    process.exitCode = 70;
  }
}

process.on("uncaughtException", (e) => {
  fail(e);
  process.exit();
});
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, fail);
