// `pipshim setup` and `pipshim teardown` on a temporary HOME: the block goes into the right
// start-up files, a second setup changes nothing, teardown gives every file back byte for byte,
// what is unsafe is refused before anything is written, and real bash, zsh and fish started
// afterwards find pip in pipshim's shims.

import assert from "node:assert/strict";
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { e2e } from "../helpers/e2e.js";
import { PIPSHIM_BIN, type RunResult, type Sandbox } from "../helpers/sandbox.js";

/** Every file and link under a folder, with its bytes and mode (or target): what "unchanged" means. */
function tree(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = join(dir, rel, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(join(rel, name));
      else if (stat.isSymbolicLink()) found[join(rel, name)] = `link to ${readlinkSync(path)}`;
      else found[join(rel, name)] = `mode ${(stat.mode & 0o7777).toString(8)}: ${readFileSync(path).toString("base64")}`;
    }
  };
  walk("");
  return found;
}

function write(path: string, text: string, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  if (mode !== undefined) chmodSync(path, mode);
}

function read(path: string): string {
  return readFileSync(path, "utf8");
}

function ok(r: RunResult): RunResult {
  assert.equal(r.status, 0, `exit status ${r.status}\n${r.stdout}${r.stderr}`);
  return r;
}

/** setup, setup again (nothing changes, and it says so), teardown (all as it was), teardown again. */
async function roundTrip(sb: Sandbox, args: string[], env: Record<string, string> = {}): Promise<{ withBlock: Record<string, string> }> {
  const original = tree(sb.home);
  ok(await sb.pipshim(["setup", ...args], { env }));
  const withBlock = tree(sb.home);
  assert.notDeepEqual(withBlock, original, "setup changed something");
  const again = ok(await sb.pipshim(["setup", ...args], { env }));
  assert.match(again.stderr, /^pipshim: already set up for \w+: the pipshim block is in .*; nothing changed\n$/);
  assert.deepEqual(tree(sb.home), withBlock, "a second setup changes nothing");
  const teardown = ok(await sb.pipshim(["teardown", ...args], { env }));
  assert.match(teardown.stderr, /pipshim: (removed|deleted) /);
  assert.deepEqual(tree(sb.home), original, "teardown gives back every file as it was");
  const teardownAgain = ok(await sb.pipshim(["teardown", ...args], { env }));
  assert.match(teardownAgain.stderr, /^pipshim: no pipshim block for \w+ in .*; nothing changed\n$/);
  return { withBlock };
}

/** The home folder's entries, but the sandbox's own shims (~/.local/share/pipshim/shims, made before the test), which must be all there is in ~/.local. */
function homeEntries(sb: Sandbox): string[] {
  const all = readdirSync(sb.home);
  if (all.includes(".local")) {
    assert.deepEqual(readdirSync(join(sb.home, ".local")), ["share"]);
    assert.deepEqual(readdirSync(join(sb.home, ".local", "share")), ["pipshim"]);
    assert.deepEqual(readdirSync(join(sb.home, ".local", "share", "pipshim")), ["shims"]);
  }
  return all.filter((n) => n !== ".local");
}

const BASH_BLOCK_CODE = `if [ -x '${PIPSHIM_BIN}' ]; then eval "$('${PIPSHIM_BIN}' init bash)"; fi`;

e2e("bash: .bashrc without a final newline and a .profile that does not read it; setup twice, teardown gives both back", async (sb) => {
  write(join(sb.home, ".bashrc"), "export EDITOR=vi\nalias ll='ls -l'", 0o600);
  write(join(sb.home, ".profile"), "PATH=$HOME/bin:$PATH\n");
  const before = tree(sb.home);
  await roundTrip(sb, ["--shell", "bash"]);
  ok(await sb.pipshim(["setup", "--shell", "bash"]));
  assert.equal(
    read(join(sb.home, ".bashrc")),
    `export EDITOR=vi\nalias ll='ls -l'\n\n# >>> pipshim >>> added=newline,blank-line\n` +
      "# pip and pip3 through pipshim: written by `pipshim setup`, removed by `pipshim teardown`\n" +
      `${BASH_BLOCK_CODE}\n# <<< pipshim <<<\n`,
  );
  assert.equal(lstatSync(join(sb.home, ".bashrc")).mode & 0o777, 0o600, "the file keeps its mode");
  assert.match(read(join(sb.home, ".profile")), /^PATH=\$HOME\/bin:\$PATH\n\n# >>> pipshim >>> added=blank-line\n.*\nif \[ -n "\$\{BASH_VERSION-\}" \] && /);
  ok(await sb.pipshim(["teardown", "--shell", "bash"]));
  assert.deepEqual(tree(sb.home), before);
});

e2e("bash: the login file bash reads gets the block only if it does not read .bashrc; with none, .profile is made", async (sb) => {
  const debianProfile = 'if [ -n "$BASH_VERSION" ]; then\n    if [ -f "$HOME/.bashrc" ]; then\n\t. "$HOME/.bashrc"\n    fi\nfi\n';
  write(join(sb.home, ".profile"), debianProfile);
  let r = ok(await sb.pipshim(["setup", "--shell", "bash"]));
  assert.equal(r.stderr.split("\n")[0], "pipshim: created ~/.bashrc with the pipshim block");
  assert.equal(read(join(sb.home, ".profile")), debianProfile, "a .profile that reads .bashrc needs no block");
  ok(await sb.pipshim(["teardown", "--shell", "bash"]));
  assert.deepEqual(homeEntries(sb).sort(), [".profile"]);

  // .bash_profile comes first: bash reads it and not .profile.
  write(join(sb.home, ".bash_profile"), "export A=1\n");
  r = ok(await sb.pipshim(["setup", "--shell", "bash", "--dry-run"]));
  assert.match(r.stderr, /would create ~\/\.bashrc with the pipshim block; add the pipshim block to ~\/\.bash_profile; nothing written/);
  const { withBlock } = await roundTrip(sb, ["--shell", "bash"]);
  assert.equal(withBlock[".profile"], `mode 644: ${Buffer.from(debianProfile).toString("base64")}`);
});

e2e("bash: with no login file at all, setup makes ~/.profile with a block only bash runs, and teardown removes it", async (sb) => {
  const r = ok(await sb.pipshim(["setup", "--shell", "bash", "--yes"]));
  assert.equal(r.stderr.split("\n")[0], "pipshim: created ~/.bashrc and ~/.profile with the pipshim block");
  assert.ok(!readdirSync(sb.home).includes(".bash_profile"), "no .bash_profile: it would hide a .profile made later");
  assert.match(read(join(sb.home, ".profile")), /^# >>> pipshim >>> added=file\n/);
  // sh (dash) reads ~/.profile too: the block does nothing there, and says nothing.
  const sh = await sb.run("sh", ["-l", "-c", 'echo "$PATH"'], { env: { PATH: "/usr/bin:/bin" } });
  assert.equal(sh.stderr, "");
  assert.ok(!sh.stdout.includes(sb.shims));
  ok(await sb.pipshim(["teardown", "--shell", "bash"]));
  assert.deepEqual(homeEntries(sb), []);
});

e2e("zsh with ZDOTDIR, named by $SHELL: setup twice, teardown gives .zshrc back; ~/.zshrc is not touched", async (sb) => {
  const zdotdir = join(sb.home, ".config", "zsh");
  write(join(zdotdir, ".zshrc"), "setopt autocd\n# <<< not pipshim <<<\n");
  write(join(sb.home, ".zshrc"), "# the one zsh does not read\n");
  const env = { SHELL: "/usr/bin/zsh", ZDOTDIR: zdotdir };
  const { withBlock } = await roundTrip(sb, [], env);
  assert.match(withBlock[".config/zsh/.zshrc"], /^mode 644: /);
  ok(await sb.pipshim(["setup"], { env }));
  assert.match(read(join(zdotdir, ".zshrc")), /^setopt autocd\n# <<< not pipshim <<<\n\n# >>> pipshim >>> added=blank-line\n.*\n.* init zsh\)"; fi\n# <<< pipshim <<<\n$/);
  assert.equal(read(join(sb.home, ".zshrc")), "# the one zsh does not read\n");
});

e2e("fish: setup makes conf.d/pipshim.fish, teardown removes it", async (sb) => {
  await roundTrip(sb, ["--shell", "fish"]);
  const r = ok(await sb.pipshim(["setup", "--shell=fish"]));
  assert.equal(
    r.stderr,
    "pipshim: created ~/.config/fish/conf.d/pipshim.fish with the pipshim block\n" +
      `pipshim: open a new shell, or turn pipshim on in this one with: '${PIPSHIM_BIN}' init fish | source\n`,
  );
  assert.match(read(join(sb.home, ".config", "fish", "conf.d", "pipshim.fish")), /^# >>> pipshim >>> added=file\n/);
});

e2e("a block from a pipshim that has moved is replaced in place, and teardown still gives the file back", async (sb) => {
  const original = "export A=1\n";
  const old = `# >>> pipshim >>> added=blank-line\n# an older pipshim\nif [ -x /old/bin/pipshim ]; then eval "$(/old/bin/pipshim init bash)"; fi\n# <<< pipshim <<<\n`;
  write(join(sb.home, ".bashrc"), `${original}\n${old}export B=2\n`);
  write(join(sb.home, ".bash_profile"), ". ~/.bashrc\n");
  const r = ok(await sb.pipshim(["setup", "--shell", "bash"]));
  assert.match(r.stderr, /^pipshim: updated the pipshim block in ~\/\.bashrc\n/);
  const text = read(join(sb.home, ".bashrc"));
  assert.ok(text.startsWith(`${original}\n# >>> pipshim >>> added=blank-line\n`) && text.endsWith("# <<< pipshim <<<\nexport B=2\n"), text);
  assert.ok(text.includes(BASH_BLOCK_CODE));
  ok(await sb.pipshim(["teardown", "--shell", "bash"]));
  assert.equal(read(join(sb.home, ".bashrc")), `${original}export B=2\n`);
});

e2e("--dry-run prints the change as a diff and writes nothing, for setup and teardown", async (sb) => {
  write(join(sb.home, ".bashrc"), "export A=1\n");
  const before = tree(sb.home);
  const dry = ok(await sb.pipshim(["setup", "--shell", "bash", "--dry-run"]));
  assert.deepEqual(tree(sb.home), before);
  assert.match(dry.stdout, /^--- ~\/\.bashrc\n\+\+\+ ~\/\.bashrc\n@@ -1 \+1,6 @@\n export A=1\n\+\n\+# >>> pipshim >>> added=blank-line\n/);
  assert.match(dry.stdout, /\n--- \/dev\/null\n\+\+\+ ~\/\.profile\n@@ -0,0 \+1,4 @@\n\+# >>> pipshim >>> added=file\n/);
  assert.equal(dry.stderr, "pipshim: dry run: would add the pipshim block to ~/.bashrc; create ~/.profile with the pipshim block; nothing written\n");

  ok(await sb.pipshim(["setup", "--shell", "bash"]));
  const withBlock = tree(sb.home);
  const dryTeardown = ok(await sb.pipshim(["teardown", "--shell", "bash", "--dry-run"]));
  assert.deepEqual(tree(sb.home), withBlock);
  assert.match(dryTeardown.stdout, /\n-# <<< pipshim <<<\n--- ~\/\.profile\n\+\+\+ \/dev\/null\n/);
  assert.match(dryTeardown.stderr, /^pipshim: dry run: would remove the pipshim block from ~\/\.bashrc; delete ~\/\.profile \(setup made it for the block\); nothing written\n$/);
});

e2e("a profile that is a symbolic link is refused, and no file is written", async (sb) => {
  // As GNU stow makes them: a relative link into a dotfiles folder.
  const dotfiles = sb.dir("home/dotfiles", { bashrc: "export A=1\n" });
  symlinkSync("dotfiles/bashrc", join(sb.home, ".bashrc"));
  write(join(sb.home, ".profile"), "export B=2\n");
  const before = tree(sb.root);
  const r = await sb.pipshim(["setup", "--shell", "bash"]);
  assert.equal(r.status, 1);
  assert.equal(
    r.stderr,
    "pipshim: ~/.bashrc is a symbolic link (to ~/dotfiles/bashrc): pipshim does not replace a link with a file; " +
      `add this line to ~/dotfiles/bashrc by hand, at its end: ${BASH_BLOCK_CODE}\n`,
  );
  assert.deepEqual(tree(sb.root), before, ".profile was not written either");

  // A link whose file has a block: teardown says which lines to remove.
  write(join(dotfiles, "bashrc"), `export A=1\n# >>> pipshim >>>\n${BASH_BLOCK_CODE}\n# <<< pipshim <<<\n`);
  write(join(sb.home, ".profile"), `export B=2\n# >>> pipshim >>>\n# <<< pipshim <<<\n`);
  const linked = tree(sb.root);
  const t = await sb.pipshim(["teardown", "--shell", "bash"]);
  assert.equal(t.status, 1);
  assert.equal(
    t.stderr,
    "pipshim: ~/.bashrc is a symbolic link (to ~/dotfiles/bashrc): pipshim does not replace a link with a file; remove the pipshim block (lines 2-4) from ~/dotfiles/bashrc by hand\n",
  );
  assert.deepEqual(tree(sb.root), linked);
});

e2e("broken or doubled markers are refused by setup and teardown, before any file is written", async (sb) => {
  const cases: [string, RegExp][] = [
    ["# >>> pipshim >>>\necho half a block\n", /^pipshim: ~\/\.profile: a "# >>> pipshim >>>" line \(line 1\) has no "# <<< pipshim <<<" line after it; mend or remove pipshim's lines by hand, then run pipshim (setup|teardown) again\n$/],
    ["echo x\n# <<< pipshim <<<\n", /^pipshim: ~\/\.profile: a "# <<< pipshim <<<" line \(line 2\) has no "# >>> pipshim >>>" line before it; /],
    ["# >>> pipshim >>>\n# <<< pipshim <<<\n# >>> pipshim >>>\n# <<< pipshim <<<\n", /^pipshim: ~\/\.profile: it has 2 pipshim blocks \(from lines 1, 3\); /],
  ];
  write(join(sb.home, ".bashrc"), "export A=1\n"); // fine, and would get a block: it must not
  for (const [profile, message] of cases) {
    write(join(sb.home, ".profile"), profile);
    const before = tree(sb.home);
    for (const command of ["setup", "teardown"]) {
      const r = await sb.pipshim([command, "--shell", "bash"]);
      assert.equal(r.status, 1, `${command}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.split("\n").length, 2, "one line");
      assert.deepEqual(tree(sb.home), before, `${command} wrote nothing`);
    }
  }
});

e2e("the shell: --shell, else $SHELL, else the process that runs pipshim; anything else is a usage error", async (sb) => {
  const noShell = { SHELL: undefined };
  let r = await sb.run("bash", ["-c", `'${PIPSHIM_BIN}' setup --dry-run; exit $?`], { env: noShell });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\+\+\+ ~\/\.bashrc\n/);
  r = await sb.run("zsh", ["-c", `'${PIPSHIM_BIN}' setup --dry-run; exit $?`], { env: noShell });
  assert.match(r.stdout, /\+\+\+ ~\/\.zshrc\n/);
  r = await sb.pipshim(["setup", "--dry-run"], { env: { SHELL: "/usr/bin/fish" } });
  assert.match(r.stdout, /\+\+\+ ~\/\.config\/fish\/conf\.d\/pipshim\.fish\n/);

  const refusals: [string[], Record<string, string | undefined>, string][] = [
    [["setup", "--shell", "ksh"], {}, 'pipshim: pipshim supports bash, zsh and fish, not "ksh"\n'],
    [["teardown", "--shell"], {}, "pipshim: --shell needs a value: bash, zsh or fish\n"],
    [["setup", "--dry-run"], { SHELL: "/bin/tcsh" }, "pipshim: cannot tell which shell to set up ($SHELL is /bin/tcsh): name it with --shell bash|zsh|fish\n"],
    [["setup", "--force"], {}, 'pipshim: unknown setup option "--force" (pipshim setup --help)\n'],
  ];
  for (const [args, env, message] of refusals) {
    r = await sb.pipshim(args, { env });
    assert.equal(r.status, 2, args.join(" "));
    assert.equal(r.stderr, message);
  }
  assert.deepEqual(homeEntries(sb), []);
});

e2e("--help for setup and teardown", async (sb) => {
  for (const command of ["setup", "teardown"]) {
    const r = ok(await sb.pipshim([command, "--help"]));
    assert.match(r.stdout, new RegExp(`^Usage: pipshim ${command} \\[--shell bash\\|zsh\\|fish\\] \\[--dry-run\\] \\[--yes\\]\n`));
    assert.match(r.stdout, /--dry-run/);
    assert.equal(r.stderr, "");
  }
});

e2e("on a terminal, setup asks first: Enter writes, n writes nothing; --yes does not ask", async (sb) => {
  // script(1) gives pipshim a terminal for its input; what we pipe in is typed there.
  const onTerminal = (command: string, typed: string) => sb.run("script", ["-qec", `'${PIPSHIM_BIN}' ${command}`, "/dev/null"], { input: typed });
  let r = await onTerminal("setup --shell zsh", "n\n");
  assert.match(r.stdout, /create ~\/\.zshrc with the pipshim block\? \[Y\/n\]/);
  assert.match(r.stdout, /pipshim: nothing changed/);
  assert.deepEqual(homeEntries(sb), []);
  r = await onTerminal("setup --shell zsh", "\n");
  assert.match(r.stdout, /pipshim: created ~\/\.zshrc with the pipshim block/);
  assert.deepEqual(homeEntries(sb), [".zshrc"]);
  r = await onTerminal("teardown --shell zsh --yes", "");
  assert.doesNotMatch(r.stdout, /\[Y\/n\]/);
  assert.deepEqual(homeEntries(sb), []);
});

/** PATH for a new shell: the system's, and node (which bin/pipshim runs), but not pipshim's shims. */
const PLAIN_PATH = ["/usr/local/bin", "/usr/bin", "/bin", dirname(process.execPath)].join(":");

/** What a new shell started after setup sees: its PATH, and where `pip` comes from. */
async function newShell(sb: Sandbox, shell: string, flags: string[], env: Record<string, string> = {}): Promise<{ path: string[]; pip: string }> {
  const lookup = shell === "fish" ? "command -s pip" : "command -v pip";
  const r = await sb.run(shell, [...flags, "-c", `echo "$PATH"; ${lookup}`], { env: { PATH: PLAIN_PATH, ...env } });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /pipshim:|not found|No such file/, r.stderr);
  const [path, pip] = r.stdout.trim().split("\n");
  return { path: path.split(":"), pip }; // fish too: it joins a quoted PATH with colons
}

e2e("new bash, zsh and fish shells after setup have pipshim's shims first on PATH, and none after teardown", async (sb) => {
  write(join(sb.home, ".bashrc"), "export FROM_BASHRC=1\n");
  write(join(sb.home, ".profile"), "export FROM_PROFILE=1\n");
  const zdotdir = join(sb.home, "zdot");
  const shells: [string, string[], Record<string, string>][] = [
    ["bash", ["-i"], {}],
    ["bash", ["-l"], {}],
    ["zsh", ["-i"], { ZDOTDIR: zdotdir }],
    ["fish", ["-i"], {}],
  ];
  for (const shell of ["bash", "zsh", "fish"]) ok(await sb.pipshim(["setup", "--shell", shell], { env: { ZDOTDIR: zdotdir } }));
  for (const [shell, flags, env] of shells) {
    const { path, pip } = await newShell(sb, shell, flags, env);
    assert.equal(path[0], sb.shims, `${shell} ${flags.join(" ")}: ${path.join(":")}`);
    assert.equal(pip, join(sb.shims, "pip"), `${shell} ${flags.join(" ")}`);
  }
  for (const shell of ["bash", "zsh", "fish"]) ok(await sb.pipshim(["teardown", "--shell", shell], { env: { ZDOTDIR: zdotdir } }));
  for (const [shell, flags, env] of shells) {
    const { path, pip } = await newShell(sb, shell, flags, env);
    assert.ok(!path.includes(sb.shims), `${shell} ${flags.join(" ")}: ${path.join(":")}`);
    assert.notEqual(pip, join(sb.shims, "pip"));
  }
});

e2e("pipx's bin folder not on PATH: setup puts it at PATH's end for bash, zsh and fish (once), and the install line says the exact command", async (sb) => {
  const withoutPipxBin = { PATH: `${sb.shims}:${PLAIN_PATH}`, ZDOTDIR: join(sb.home, "zdot") };
  write(join(sb.home, ".bashrc"), "export FROM_BASHRC=1\n");
  write(join(sb.home, ".profile"), "export FROM_PROFILE=1\n");
  for (const shell of ["bash", "zsh", "fish"]) {
    const { withBlock } = await roundTrip(sb, ["--shell", shell], withoutPipxBin);
    const files = Object.entries(withBlock).filter(([, v]) => Buffer.from(v.split(": ")[1] ?? "", "base64").toString().includes("pipshim >>>"));
    assert.ok(files.length > 0, shell);
  }
  for (const shell of ["bash", "zsh", "fish"]) ok(await sb.pipshim(["setup", "--shell", shell], { env: withoutPipxBin }));
  const bashrc = read(join(sb.home, ".bashrc"));
  assert.ok(bashrc.includes(`case ":$PATH:" in *:'${sb.pipxBin}':*) ;; *) export PATH="$PATH":'${sb.pipxBin}' ;; esac\n`), bashrc);
  for (const [shell, flags, env] of [
    ["bash", ["-i"], {}],
    ["bash", ["-l"], {}],
    ["zsh", ["-i"], { ZDOTDIR: withoutPipxBin.ZDOTDIR }],
    ["fish", ["-i"], {}],
  ] as [string, string[], Record<string, string>][]) {
    const { path } = await newShell(sb, shell, flags, env);
    assert.equal(path.at(-1), sb.pipxBin, `${shell} ${flags.join(" ")}: ${path.join(":")}`);
    assert.equal(path.filter((p) => p === sb.pipxBin).length, 1, `${shell} ${flags.join(" ")}: once`);
  }
  // A setup run again from a shell that has it on PATH now (the block's doing) keeps the line.
  const again = ok(await sb.pipshim(["setup", "--shell", "bash"], { env: { ...withoutPipxBin, PATH: `${withoutPipxBin.PATH}:${sb.pipxBin}` } }));
  assert.match(again.stderr, /nothing changed/);
  assert.equal(read(join(sb.home, ".bashrc")), bashrc);
  // The install line of an application, in a shell without it on PATH: the exact command.
  const r = await sb.pip(["install", "psapp"], { env: { PATH: withoutPipxBin.PATH } });
  assert.equal(r.status, 0, r.stderr);
  const command = `export PATH="$PATH":${sb.pipxBin}`;
  assert.match(r.stderr, new RegExp(`pipshim: psapp is in ~/\\.local/bin, which is not on PATH: ${command.replace(/[$".*]/g, "\\$&")}`));
  const run = await sb.run("/bin/sh", ["-c", `${command}; psapp`], { env: { PATH: withoutPipxBin.PATH } });
  assert.equal(run.stdout, "psapp 1.0\n", run.stderr);
});
