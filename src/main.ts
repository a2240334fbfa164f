// pipshim's Node.js entry point (bin/pipshim starts it): one function per command.

// The pip path is bundled into this file (every module load costs start-up time); the other
// commands, conf and execa load on demand.
import { pipCommand, shimCommand } from "./commands/pip.js";
import { answerBeforeExit } from "./engine/handoff.js";
import { runCleanups, signalled, signalNumber } from "./sys/run.js";
import { isPipName } from "./core/names.js";
import { SHIM_COMMAND } from "./engine/handoff.js";
import { thisInstall, type Install } from "./sys/install-root.js";
import { say, UserError } from "./sys/output.js";
import { adoptOwnFolders } from "./sys/own-home.js";

declare const PIPSHIM_VERSION: string;

const HELP = `pipshim: makes \`pip install\` work on externally managed Pythons (PEP 668).

Usage:
  pipshim pip ARGS...        what the pip shim does (also pip3): alias pip='pipshim pip'
  pipshim explain [--json] PIP_ARGS...
                             what \`pip PIP_ARGS...\` would do here, and why
  pipshim run CMD [ARGS...]  run CMD with this place's environment active (the project's .venv,
                             else pipshim's default environment)
  pipshim config ...         settings (pipshim config --help)
  pipshim init [SHELL]       shell code: eval "$(pipshim init bash)" (zsh), pipshim init fish | source
  pipshim setup [--shell S] [--dry-run] [--yes]
                             add pipshim to your shell's start-up files (teardown: take it out)
  pipshim trust [--untrust] [DIR]
                             let pipshim run a .venv it did not make (DIR's, or this project's)
  pipshim doctor [--json]    check that pip install is handled here, and how to fix what is not
  pipshim shims [--quiet] [--path]
                             make this user's shims (pip, python, the commands pip installed)
  pipshim --version

eval "$(pipshim init)" (or pipshim setup) puts the shims first on PATH. Documentation: README.md.
`;

// Root with another user's HOME (sudo -E): root's own folders, for pipshim and what it runs.
adoptOwnFolders();

/** Where this pipshim is installed, and where this user's shims are. */
const install: Install = thisInstall();

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && isPipName(command)) return pipCommand(command, rest, install.shimsDir);
  if (command === SHIM_COMMAND) return shimCommand(rest, install.shimsDir);
  if (command === "__run") {
    const { runCommand } = await import("./commands/run.js");
    return runCommand(rest, install.shimsDir);
  }
  switch (command) {
    case "explain": {
      const { explainCommand } = await import("./commands/explain.js");
      return explainCommand(rest, install.shimsDir);
    }
    case "config": {
      const { configCommand } = await import("./commands/config.js");
      return configCommand(rest);
    }
    case "init": {
      const { initCommand } = await import("./commands/init.js");
      return initCommand(rest, install);
    }
    case "hook": {
      const { hookCommand } = await import("./commands/hook.js");
      return hookCommand(rest, install);
    }
    case "setup":
    case "teardown": {
      const { setupCommand, teardownCommand } = await import("./commands/setup.js");
      return command === "setup" ? setupCommand(rest, install) : teardownCommand(rest, install);
    }
    case "shims": {
      const { shimsCommand } = await import("./commands/shims.js");
      return shimsCommand(rest, install);
    }
    case "trust": {
      const { trustCommand } = await import("./commands/trust.js");
      return trustCommand(rest, install.shimsDir);
    }
    case "doctor": {
      const { doctorCommand } = await import("./commands/doctor.js");
      return doctorCommand(rest, install);
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
  // An answer is owed to bin/pipshim first (src/engine/handoff.ts): its clean-up gives it.
  runCleanups();
  answerBeforeExit(process.argv.slice(2));
  const sig = signalled();
  if (sig) {
    // A signal came while a child ran (Ctrl-C reaches the whole job): what failed after it is its
    // consequence. The call ends as the signal says, and nothing more is done.
    process.exitCode = 128 + signalNumber(sig);
    return;
  }
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
const pipPath = (name: string) => isPipName(name) || name === SHIM_COMMAND || name === "__run";
main(process.argv.slice(2)).then(
  (code) => {
    // The pip path writes only with writeSync: end at once, not after the event loop winds down.
    if (pipPath(process.argv[2] ?? "")) process.exit(code);
    process.exitCode = code;
  },
  (e) => {
    fail(e);
    if (pipPath(process.argv[2] ?? "")) process.exit();
  },
);
