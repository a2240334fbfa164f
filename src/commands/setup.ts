// `pipshim setup` and `pipshim teardown`: put into the shell's start-up files the one block that
// runs `pipshim init SHELL` (so every new shell has pipshim's shims first on PATH), and take it
// out again, giving each file back byte for byte. The text work is in src/core/profile-block.ts;
// here: which shell, which files, refusing what is unsafe to write, asking, writing.

import { createInterface } from "node:readline";
import type { Install } from "../sys/install-root.js";
import { detectShell } from "./init.js";
import { readFlags } from "./flags.js";
import { displayPath } from "../core/names.js";
import { say, UserError } from "../sys/output.js";
import { unifiedDiff } from "../core/diff.js";
import type { Shell } from "../core/shell-code.js";
import { activationCommand, addBlock, blockCode, blockHasPath, findBlock, pathCode, removeBlock, type BlockKind, type Edit } from "../core/profile-block.js";
import { pipxFacts } from "../facts/pipx.js";
import { homeOf, readProfile, setupTargets, teardownFiles, type ProfileFile } from "../facts/profiles.js";
import { writeProfile } from "../act/profiles.js";

const OPTIONS_HELP = `  --shell SHELL  bash, zsh or fish (default: the name of $SHELL, else of the shell running pipshim)
  --dry-run      print the changes as a diff, and write nothing
  --yes, -y      do not ask before writing (pipshim asks only when its input is a terminal)
`;

export const SETUP_HELP = `Usage: pipshim setup [--shell bash|zsh|fish] [--dry-run] [--yes]

Adds a block to your shell's start-up files that runs \`pipshim init SHELL\`, so that every new
shell has pipshim's pip and pip3 first on PATH:
  bash  ~/.bashrc, and the login file bash reads (the first of ~/.bash_profile, ~/.bash_login,
        ~/.profile; ~/.profile if there is none) unless it reads ~/.bashrc
  zsh   \${ZDOTDIR:-~}/.zshrc
  fish  \${XDG_CONFIG_HOME:-~/.config}/fish/conf.d/pipshim.fish
Running it again changes nothing (or brings the block up to date). \`pipshim teardown\` takes
the block out again, and leaves each file as it was before.

${OPTIONS_HELP}`;

export const TEARDOWN_HELP = `Usage: pipshim teardown [--shell bash|zsh|fish] [--dry-run] [--yes]

Removes the block \`pipshim setup\` added to the shell's start-up files, and what setup added
with it (a blank line, a final newline, a file it made), so that each file is as it was before.
Shells open now keep pipshim until they end.

${OPTIONS_HELP}`;

interface Options {
  shell?: string;
  dryRun: boolean;
  yes: boolean;
  help: boolean;
}

function parseOptions(argv: string[], command: string): Options {
  const { values, positionals } = readFlags(command, argv, {
    shell: { type: "string" },
    "dry-run": { type: "boolean" },
    yes: { type: "boolean", short: "y" },
    help: { type: "boolean", short: "h" },
  }, false, { shell: "bash, zsh or fish" });
  if (positionals.length > 0) throw new UserError(`unknown ${command} option "${positionals[0]}" (pipshim ${command} --help)`, 2);
  return { shell: values.shell as string | undefined, dryRun: values["dry-run"] === true, yes: values.yes === true, help: values.help === true };
}

/**
 * The shell to work on: --shell, else $SHELL's name (the user's login shell), else the shell
 * pipshim was started from; as \`pipshim init\` finds it, with setup's own advice when it cannot.
 */
function chooseShell(flag: string | undefined): Shell {
  try {
    return detectShell(flag);
  } catch (e) {
    if (flag !== undefined || !(e instanceof UserError)) throw e;
    const seen = process.env.SHELL ? `$SHELL is ${process.env.SHELL}` : "$SHELL is not set";
    throw new UserError(`cannot tell which shell to set up (${seen}): name it with --shell bash|zsh|fish`, 2);
  }
}

/** One file's change; `after` equal to the file's text means no change. */
interface Change {
  file: ProfileFile;
  after: string | null;
  /** What to do by hand instead, to the file a link leads to (pipshim will not replace the link). */
  byHand: (target: string) => string;
}

function isChange(change: Change): boolean {
  return change.after !== change.file.text;
}

type ChangeKind = "create" | "add" | "update" | "remove" | "delete";

function changeKind(change: Change): ChangeKind {
  if (change.file.text === null) return "create";
  if (change.after === null) return "delete";
  if (findBlock(change.after).kind === "none") return "remove";
  return findBlock(change.file.text).kind === "block" ? "update" : "add";
}

/** Each kind of change: the verb to propose it, the verb once done, and what it is done to. */
const CHANGE_WORDS: Record<ChangeKind, [string, string, (files: string) => string]> = {
  create: ["create", "created", (files) => `${files} with the pipshim block`],
  add: ["add", "added", (files) => `the pipshim block to ${files}`],
  update: ["update", "updated", (files) => `the pipshim block in ${files}`],
  remove: ["remove", "removed", (files) => `the pipshim block from ${files}`],
  delete: ["delete", "deleted", (files) => `${files} (setup made it for the block)`],
};

/** The context every message about files needs: the home folder (shown as ~). */
interface Session {
  command: "setup" | "teardown";
  home: string;
}

function shown(session: Session, path: string): string {
  return displayPath(path, session.home);
}

/** The changes in words, one phrase per kind: "added the pipshim block to ~/.bashrc and ~/.profile". */
function describe(session: Session, changes: Change[], tense: "propose" | "done"): string {
  const filesByKind = new Map<ChangeKind, string[]>();
  for (const change of changes) {
    const kind = changeKind(change);
    filesByKind.set(kind, [...(filesByKind.get(kind) ?? []), shown(session, change.file.path)]);
  }
  return [...filesByKind]
    .map(([kind, files]) => {
      const [verb, done, object] = CHANGE_WORDS[kind];
      return `${tense === "done" ? done : verb} ${object(files.join(" and "))}`;
    })
    .join("; ");
}

/** A change planned for a file; when the edit is impossible (broken markers), the one-line reason is thrown. */
function planned(session: Session, file: ProfileFile, edit: Edit, byHand: Change["byHand"]): Change {
  if (!edit.ok) throw new UserError(`${shown(session, file.path)}: ${edit.problem}; mend or remove pipshim's lines by hand, then run pipshim ${session.command} again`);
  return { file, after: edit.after, byHand };
}

/** Refuses, before anything is written, to replace a link with a file. */
function refuseLinks(session: Session, changes: Change[]): void {
  for (const change of changes) {
    const { path, link } = change.file;
    if (link === undefined) continue;
    const target = shown(session, link);
    throw new UserError(`${shown(session, path)} is a symbolic link (to ${target}): pipshim does not replace a link with a file; ${change.byHand(target)}`);
  }
}

function setupChanges(session: Session, shell: Shell, bin: string, env: NodeJS.ProcessEnv): Change[] {
  // pipx's bin folder, where the applications pip installs go: put on PATH (at its end) when it
  // is not on it, as `pipx ensurepath` would; a block that does so already keeps doing so.
  const pipx = pipxFacts(env, session.home, false);
  return setupTargets(shell, env).map(({ path, kind }) => {
    const file = readProfile(path);
    const pathDir = !pipx.binDirOnPath || blockHasPath(file.text, kind, pipx.binDir) ? pipx.binDir : undefined;
    return planned(session, file, addBlock(file.text, kind, bin, pathDir), addByHand(file, kind, bin, pathDir));
  });
}

function addByHand(file: ProfileFile, kind: BlockKind, bin: string, pathDir?: string): Change["byHand"] {
  const found = findBlock(file.text ?? "");
  const where = found.kind === "block" ? `in place of its pipshim block (lines ${found.firstLine}-${found.lastLine})` : "at its end";
  const lines = pathDir === undefined ? [blockCode(kind, bin)] : [pathCode(kind, pathDir), blockCode(kind, bin)];
  return (target) => `add ${lines.length > 1 ? "these lines" : "this line"} to ${target} by hand, ${where}: ${lines.join("\n")}`;
}

function teardownChanges(session: Session, shell: Shell, env: NodeJS.ProcessEnv): Change[] {
  return teardownFiles(shell, env).map((path) => {
    const file = readProfile(path);
    return planned(session, file, removeBlock(file.text), removeByHand(file));
  });
}

function removeByHand(file: ProfileFile): Change["byHand"] {
  const found = findBlock(file.text ?? "");
  const lines = found.kind === "block" ? ` (lines ${found.firstLine}-${found.lastLine})` : "";
  return (target) => `remove the pipshim block${lines} from ${target} by hand`;
}

/** Asks a yes/no question on the terminal; yes unless answered otherwise. */
function ask(question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const terminal = createInterface({ input: process.stdin, output: process.stderr });
    terminal.on("close", () => resolve(false)); // Ctrl-D: no answer is not a yes
    terminal.on("SIGINT", () => {
      process.stderr.write("\n");
      terminal.close();
    });
    terminal.question(question, (answer) => {
      resolve(/^(y|yes)?$/i.test(answer.trim()));
      terminal.close();
    });
  });
}

function diffs(session: Session, changes: Change[]): string {
  return changes.map((change) => unifiedDiff(shown(session, change.file.path), change.file.text, change.after)).join("");
}

/** What makes setup and teardown differ: their help, their plan, and what they say. */
interface CommandSpec {
  name: "setup" | "teardown";
  help: string;
  plan(session: Session, shell: Shell): Change[];
  /** What to say when no file needs to change, given the files looked at. */
  unchanged(shell: Shell, files: string): string;
  /** What to say once the files are written. */
  next(shell: Shell): string;
}

/**
 * Both commands: plan every file's change (refusing what cannot be done, before anything is
 * written), then say there is nothing to do, or show the changes (--dry-run), or ask, and write.
 */
async function runCommand(spec: CommandSpec, argv: string[]): Promise<number> {
  const options = parseOptions(argv, spec.name);
  if (options.help) {
    process.stdout.write(spec.help);
    return 0;
  }
  const shell = chooseShell(options.shell);
  const session: Session = { command: spec.name, home: homeOf(process.env) };
  const plan = spec.plan(session, shell);
  const changes = plan.filter(isChange);
  refuseLinks(session, changes);
  if (changes.length === 0) {
    say(spec.unchanged(shell, plan.map((change) => shown(session, change.file.path)).join(", ")));
    return 0;
  }
  if (options.dryRun) {
    process.stdout.write(diffs(session, changes));
    say(`dry run: would ${describe(session, changes, "propose")}; nothing written`);
    return 0;
  }
  if (process.stdin.isTTY && !options.yes) {
    process.stderr.write(diffs(session, changes));
    if (!(await ask(`pipshim: ${describe(session, changes, "propose")}? [Y/n] `))) {
      say("nothing changed");
      return 1;
    }
  }
  // A file edited elsewhere while the question waited would lose that edit: check them all first.
  const edited = changes.filter((change) => readProfile(change.file.path).text !== change.file.text);
  if (edited.length > 0) {
    throw new UserError(`${edited.map((change) => shown(session, change.file.path)).join(", ")} changed meanwhile; nothing written: run pipshim ${spec.name} again`, 1);
  }
  for (const change of changes) writeProfile(change.file.path, change.after);
  say(describe(session, changes, "done"));
  say(spec.next(shell));
  return 0;
}

export function setupCommand(argv: string[], install: Install): Promise<number> {
  return runCommand(
    {
      name: "setup",
      help: SETUP_HELP,
      plan: (session, shell) => setupChanges(session, shell, install.bin, process.env),
      unchanged: (shell, files) => `already set up for ${shell}: the pipshim block is in ${files}; nothing changed`,
      next: (shell) => `open a new shell, or turn pipshim on in this one with: ${activationCommand(shell, install.bin)}`,
    },
    argv,
  );
}

export function teardownCommand(argv: string[], _install: Install): Promise<number> {
  return runCommand(
    {
      name: "teardown",
      help: TEARDOWN_HELP,
      plan: (session, shell) => teardownChanges(session, shell, process.env),
      unchanged: (shell, files) => `no pipshim block for ${shell} in ${files}; nothing changed`,
      next: () => "new shells start without pipshim; shells open now keep it until they end",
    },
    argv,
  );
}
