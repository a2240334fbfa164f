// Shell integration in real shells (bash, zsh, fish): `pipshim init` puts the shims first on PATH
// once however often it is evaluated, and its prompt hook activates the project's environment on
// cd, and pipshim's default environment outside projects, behind the shims.

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";
import { PIPSHIM_BIN, type Sandbox } from "../helpers/sandbox.js";

type Shell = "bash" | "zsh" | "fish";
const SHELLS: Shell[] = ["bash", "zsh", "fish"];

const INIT: Record<Shell, string> = {
  bash: `eval "$('${PIPSHIM_BIN}' init bash)"`,
  zsh: `eval "$('${PIPSHIM_BIN}' init zsh)"`,
  fish: `'${PIPSHIM_BIN}' init fish | source`,
};

/**
 * Runs lines in an interactive shell, whose prompt hook runs before each line, and gives what the
 * lines wrote to "$OUT". fish runs its prompt events only with a terminal: it gets one from script(1).
 */
async function interactive(sb: Sandbox, shell: Shell, lines: string[], cwd?: string): Promise<string> {
  const input = join(sb.root, `input-${shell}.txt`);
  const out = join(sb.root, `out-${shell}.txt`);
  writeFileSync(input, [...lines, "exit"].join("\n") + "\n");
  writeFileSync(out, "");
  const env = { TERM: "dumb", OUT: out };
  const r =
    shell === "fish"
      ? await sb.run("script", ["-qec", "fish --no-config -i", "/dev/null"], { stdinFile: input, cwd, env })
      : await sb.run(shell, shell === "bash" ? ["--norc", "--noprofile", "-i"] : ["-f", "-i"], { stdinFile: input, cwd, env });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(out, "utf8");
}

const SHOW_VENV = 'echo "VIRTUAL_ENV=$VIRTUAL_ENV" >> "$OUT"';
const WHICH_PIP: Record<Shell, string> = {
  bash: 'command -v pip >> "$OUT"',
  zsh: 'command -v pip >> "$OUT"',
  fish: 'command -s pip >> "$OUT"',
};

for (const shell of SHELLS) {
  e2e(`${shell}: init evaluated twice leaves the shims on PATH once, and pip is the shim`, async (sb) => {
    const count = shell === "fish" ? `count (string match -- '${sb.shims}' $PATH) >> "$OUT"` : `echo ":$PATH:" | tr ':' '\\n' | grep -cx '${sb.shims}' >> "$OUT"`;
    const out = await interactive(sb, shell, [INIT[shell], INIT[shell], WHICH_PIP[shell], count]);
    assert.equal(out, `${join(sb.shims, "pip")}\n1\n`);
  });

  e2e(`${shell}: cd into a project activates its .venv (python sees what pip put there), cd out undoes it`, async (sb) => {
    const root = sb.dir("proj", { "pyproject.toml": "", "sub/.keep": "" });
    const outside = sb.dir("elsewhere");
    const check = `python3 -c 'import pslib; print(pslib.VALUE)' 2>/dev/null >> "$OUT" || echo no-pslib >> "$OUT"`;
    const out = await interactive(sb, shell, [
      INIT[shell],
      `cd '${join(root, "sub")}'`,
      "pip install -q pslib 2>/dev/null",
      check,
      SHOW_VENV,
      WHICH_PIP[shell],
      `cd '${outside}'`,
      check,
      SHOW_VENV,
    ]);
    assert.equal(
      out,
      ["pslib 1.0", `VIRTUAL_ENV=${join(root, ".venv")}`, join(sb.shims, "pip"), "no-pslib", "VIRTUAL_ENV=", ""].join("\n"),
    );
  });
}

e2e("bash: the hook keeps $? and leaves a venv the user activated alone", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const mine = join(sb.root, "mine");
  assert.equal((await sb.run("/usr/bin/python3", ["-m", "venv", "--without-pip", mine])).status, 0);
  assert.equal((await sb.run("/usr/bin/python3", ["-m", "venv", "--without-pip", join(root, ".venv")])).status, 0);
  assert.equal((await sb.pipshim(["trust", root])).status, 0);
  const out = await interactive(sb, "bash", [
    INIT.bash,
    "false",
    'echo "status=$?" >> "$OUT"',
    `source '${mine}/bin/activate'`,
    `cd '${root}'`,
    SHOW_VENV,
    "deactivate",
    SHOW_VENV,
  ]);
  // Once the user's own venv is gone, the project's comes in at the next prompt.
  assert.equal(out, ["status=1", `VIRTUAL_ENV=${mine}`, `VIRTUAL_ENV=${join(root, ".venv")}`, ""].join("\n"));
});

e2e("bash: a .venv that came with a git clone is never activated", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  assert.equal((await sb.run("/usr/bin/python3", ["-m", "venv", "--without-pip", join(root, ".venv")])).status, 0);
  for (const args of [["init", "-q"], ["add", "-f", ".venv/pyvenv.cfg"]]) assert.equal((await sb.run("git", args, { cwd: root })).status, 0);
  const out = await interactive(sb, "bash", [INIT.bash, `cd '${root}'`, SHOW_VENV]);
  assert.equal(out, "VIRTUAL_ENV=\n");
});

e2e("bash: outside projects the default environment is active, and an application still goes to pipx", async (sb) => {
  const out = await interactive(sb, "bash", [
    INIT.bash,
    "pip install -q pslib 2>/dev/null",
    "true",
    `python3 -c 'import pslib; print(pslib.VALUE)' >> "$OUT"`,
    SHOW_VENV,
    WHICH_PIP.bash,
    'pip install psapp >/dev/null 2>&1; echo installed=$? >> "$OUT"',
    'command -v psapp >> "$OUT"',
  ]);
  const env = join(sb.home, ".local", "share", "pipshim", "default-python3.11");
  assert.equal(out, ["pslib 1.0", `VIRTUAL_ENV=${env}`, join(sb.shims, "pip"), "installed=0", join(sb.pipxBin, "psapp"), ""].join("\n"));
});
