// pipshim reads pip's options as the INSTALLED pip defines them (its own option tables, dumped by
// the interpreter probe), not as some other pip version does. A call that the installed pip
// refuses (an option or a choice only a newer pip has, a bad PIP_* value) is pip's to report:
// through the shim, in a project, it gives exactly the real pip's bytes and exit status, and makes
// nothing (no .venv, no records of pipshim's, no virtualenv app-data). A call the installed pip
// accepts is routed, even where another pip would refuse it.

import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";
import type { Sandbox } from "../helpers/sandbox.js";

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  /** pip's exit status: 2 for a bad option, 3 for a bad config value. */
  status: number;
  /** A phrase of pip's message, to show the case is what its name says. */
  says: RegExp;
}

// Debian 12's pip 23.0.1 (the real pip on the machines here and in CI) refuses all of these; the
// pips after it accept most of them.
const REFUSED: Case[] = [
  { name: "--keyring-provider (pip 23.1+)", args: ["install", "--keyring-provider", "auto", "pslib"], status: 2, says: /no such option: --keyring-provider/ },
  { name: "--keyring-provider before the command", args: ["--keyring-provider", "auto", "install", "pslib"], status: 2, says: /no such option: --keyring-provider/ },
  { name: "-C (pip 23.1+)", args: ["install", "-C", "a=b", "pslib"], status: 2, says: /no such option: -C/ },
  { name: "--progress-bar raw (pip 24.1+)", args: ["install", "--progress-bar", "raw", "pslib"], status: 2, says: /invalid choice: 'raw'/ },
  { name: "--use-feature bogus", args: ["install", "--use-feature", "bogus", "pslib"], status: 2, says: /invalid choice: 'bogus'/ },
  { name: "--use-deprecated legacy-certs (pip 24.2+)", args: ["install", "--use-deprecated=legacy-certs", "pslib"], status: 2, says: /invalid choice/ },
  { name: "--exists-action wipe (a newer pip's spelling)", args: ["--exists-action", "wipe", "install", "pslib"], status: 2, says: /invalid choice: 'wipe'/ },
  { name: "--group (pip 25.1+)", args: ["install", "--group", "dev"], status: 2, says: /no such option: --group/ },
  { name: "--resume-retries (pip 25.1+)", args: ["install", "--resume-retries", "3", "pslib"], status: 2, says: /no such option/ },
  { name: "uninstall --keyring-provider", args: ["uninstall", "--keyring-provider", "auto", "-y", "pslib"], status: 2, says: /no such option/ },
  { name: "PIP_PROGRESS_BAR=raw", args: ["install", "pslib"], env: { PIP_PROGRESS_BAR: "raw" }, status: 3, says: /invalid choice: 'raw'/ },
  { name: "PIP_USE_FEATURE with a bogus feature", args: ["install", "pslib"], env: { PIP_USE_FEATURE: "fast-deps bogus" }, status: 3, says: /invalid choice: 'bogus'/ },
];

/** What a call left behind: the project's .venv, pipshim's data (records, default environments; not the sandbox's shims), virtualenv's app-data. */
function leftovers(sb: Sandbox, dir: string): string[] {
  const found: string[] = [];
  if (existsSync(join(dir, ".venv"))) found.push(".venv");
  const data = join(sb.home, ".local", "share");
  for (const d of ["pipshim", "virtualenv"]) {
    const made = existsSync(join(data, d)) ? readdirSync(join(data, d)).filter((n) => !(d === "pipshim" && n === "shims")) : [];
    if (made.length) found.push(`~/.local/share/${d}: ${made.join(", ")}`);
  }
  return found;
}

async function runIn(sb: Sandbox, dir: string, file: string, args: string[], env: Record<string, string | undefined> = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "pyproject.toml"), "");
  const r = await sb.run(file, args, { cwd: dir, env });
  return { ...r, leftovers: leftovers(sb, dir) };
}

for (const c of REFUSED) {
  e2e(`pip 23.0.1 refuses, and so the shim gives its bytes and makes nothing: ${c.name}`, async (sb) => {
    const dir = join(sb.root, "proj");
    const viaShim = await runIn(sb, dir, "pip", c.args, c.env);
    const real = await runIn(sb, dir, "/usr/bin/pip", c.args, c.env);
    assert.equal(real.status, c.status, real.stderr);
    assert.match(real.stdout + real.stderr, c.says);
    assert.deepEqual(viaShim, real);
    assert.deepEqual(viaShim.leftovers, [], "nothing made");
  });
}

e2e("PIP_KEYRING_PROVIDER=bogus means nothing to pip 23.0.1: the install is routed (and pip itself would refuse it: PEP 668)", async (sb) => {
  const dir = join(sb.root, "proj");
  const env = { PIP_KEYRING_PROVIDER: "bogus" };
  const real = await runIn(sb, dir, "/usr/bin/pip", ["install", "pslib"], env);
  assert.equal(real.status, 1, real.stderr);
  assert.match(real.stderr, /externally-managed-environment/);
  const viaShim = await runIn(sb, dir, "pip", ["install", "pslib"], env);
  assert.equal(viaShim.status, 0, viaShim.stderr);
  assert.match(viaShim.stderr, /pipshim: .*installing into .*\.venv/);
  assert.ok(existsSync(join(dir, ".venv", "lib", "python3.11", "site-packages", "pslib")));
});

// A newer pip in front of the same externally managed Python: pyenv's pip 24.2 (when there is
// one), run by /usr/bin/python3 through a wrapper. It knows --keyring-provider, so a bad
// PIP_KEYRING_PROVIDER is ITS usage error (exit 3), and pipshim, reading that pip's own tables,
// leaves it to say so.
const PIP_24 = "/root/.pyenv/versions/3.13.0/lib/python3.13/site-packages";

e2e("with pip 24.2 as the real pip, PIP_KEYRING_PROVIDER=bogus is its usage error, byte for byte, and nothing is made", async (sb, t) => {
  if (!existsSync(join(PIP_24, "pip", "__init__.py"))) {
    t.skip(`no pip 24.2 at ${PIP_24}`);
    return;
  }
  const bin = join(sb.root, "newer-pip");
  mkdirSync(bin);
  const wrapper = join(bin, "pip");
  writeFileSync(wrapper, `#!/bin/sh\nPYTHONPATH=${PIP_24}\${PYTHONPATH:+:\$PYTHONPATH} exec /usr/bin/python3 -m pip "$@"\n`);
  chmodSync(wrapper, 0o755);
  const [shims, ...rest] = sb.env.PATH.split(":");
  const PATH = [shims, bin, ...rest].join(":");
  const dir = join(sb.root, "proj");
  const env = { PATH, PIP_KEYRING_PROVIDER: "bogus" };
  const viaShim = await runIn(sb, dir, "pip", ["install", "pslib"], env);
  const real = await runIn(sb, dir, wrapper, ["install", "pslib"], env);
  assert.equal(real.status, 3, real.stderr);
  assert.match(real.stdout + real.stderr, /keyring-provider: invalid choice: 'bogus'/);
  assert.deepEqual(viaShim, real);
  assert.deepEqual(viaShim.leftovers, []);
  // And a valid choice is that pip's, not a usage error: the call is routed (pipshim speaks).
  const routed = await sb.run("pip", ["install", "--dry-run", "pslib"], { cwd: dir, env: { PATH, PIP_KEYRING_PROVIDER: "disabled" } });
  assert.match(routed.stderr, /pipshim:/, routed.stderr);
});
