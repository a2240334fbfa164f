// `pipshim run CMD [ARGS]` (through bin/pipshim, as `__run <answer-file> <shell-pid> - run CMD...`):
// which environment CMD runs in: the project's `.venv`, or outside projects pipshim's default
// environment. The shell then execs CMD with it active (PATH and VIRTUAL_ENV as its bin/activate
// sets them), so CMD's exit status and signals are its own. Run by Node.js alone (no answer
// folder yet), pipshim runs CMD as its child and relays them.

import { isUsable, type VenvFacts } from "../core/facts.js";
import { shellPath } from "../core/names.js";
import { activatedEnv } from "../core/activation.js";
import { describePlace, rememberForShell } from "../engine/place.js";
import { childBaseEnv, currentFolder } from "../engine/engine.js";
import { installSignalHandlers, runChild } from "../sys/run.js";
import { UserError } from "../sys/output.js";
import { answerShell, takeAnswerFile } from "../engine/handoff.js";

export const RUN_HELP = `Usage: pipshim run CMD [ARGS...]

Runs CMD with this place's environment active, as its bin/activate would make it: inside a project
its .venv, outside projects pipshim's default environment. For the commands pip installed there
(pytest, pre-commit, ...) in scripts and Makefiles. CMD's exit status is pipshim run's.
`;

function environmentFor(place: Awaited<ReturnType<typeof describePlace>>): VenvFacts {
  if (place.project) {
    const v = place.project.venv;
    if (isUsable(v)) return v;
    const shown = shellPath(v.path, place.home);
    if (v.state === "missing" || v.state === "interrupted") {
      throw new UserError(`${shellPath(place.project.root, place.home)} is a project without an environment yet: pip install what it needs (that makes ${shown}), then run this again`, 1);
    }
    throw new UserError(`${shown} ${v.problem ?? "cannot be used"}`, 1);
  }
  const d = place.defaultEnv;
  if (d && isUsable(d)) return d;
  if (d && d.state !== "missing" && d.state !== "interrupted") throw new UserError(`${shellPath(d.path, place.home)} ${d.problem ?? "cannot be used"}`, 1);
  throw new UserError("outside any project, and pipshim's default environment does not exist yet: pip install a library here to make it", 1);
}

export async function runCommand(argv: string[], shimsDir: string): Promise<number> {
  installSignalHandlers();
  const [file, , , , ...command] = argv;
  if (command.length === 0 || command[0] === "--help" || command[0] === "-h") {
    takeAnswerFile(file);
    answerShell({ kind: "done" });
    if (command.length === 0) throw new UserError("pipshim run needs a command to run (pipshim run --help)", 2);
    process.stdout.write(RUN_HELP);
    return 0;
  }
  takeAnswerFile(file);
  const env = childBaseEnv();
  const place = await describePlace({ cwd: currentFolder(), env, shimsDir, interpreter: true });
  // What is found here, the shims may act on too (src/act/shell-records.ts).
  rememberForShell(place);
  const venv = environmentFor(place);
  if (file !== "-") {
    answerShell({ kind: "venv", venv: venv.path });
    return 0;
  }
  const { status } = await runChild(command[0], command.slice(1), { env: activatedEnv(env, venv.path) });
  return status;
}
