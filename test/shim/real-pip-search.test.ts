// One table of PATH layouts, run against both searches for the real pip: bin/pipshim's (POSIX sh,
// used by the shims) and src/facts/real-program.ts's (used by explain and by `node dist/pipshim.cjs
// pip` started directly), so the two cannot drift apart.

import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRealPip } from "../../src/facts/real-program.js";
import { PIPSHIM_BIN, makeShims, runProcess } from "../helpers/process.js";

interface Case {
  name: string;
  /** PATH entries, as folder names under the case's root (or "SHIMS" for a folder of pipshim's shims). */
  path: string[];
  /** The pip name called. */
  pipName?: string;
  /** PIPSHIM_CHAIN's list of tried pips (folder names), recorded by the parent or by another process. */
  tried?: { by: "parent" | "stranger"; dirs: string[] };
  /** The folder whose pip is the real one, or null for none. */
  expect: string | null;
}

// Folders every case can use: real pips (r1, r2), a non-executable pip (noexec), a folder with a
// directory called pip (dir), an empty folder (empty), a copy of pipshim's shims elsewhere (copy),
// a symlink to the shims (link).
const CASES: Case[] = [
  { name: "the first real pip after the shims", path: ["SHIMS", "r1", "r2"], expect: "r1" },
  { name: "a real pip before the shims is still the first", path: ["r2", "SHIMS", "r1"], expect: "r2" },
  { name: "the shims twice", path: ["SHIMS", "SHIMS", "r2"], expect: "r2" },
  { name: "the shims through a symlinked folder", path: ["link", "SHIMS", "r1"], expect: "r1" },
  { name: "another copy of pipshim's shims is skipped by its marker", path: ["SHIMS", "copy", "r2"], expect: "r2" },
  { name: "not executable, a directory, nothing: skipped", path: ["SHIMS", "noexec", "dir", "empty", "r1"], expect: "r1" },
  { name: "no real pip at all", path: ["SHIMS", "copy", "noexec", "empty"], expect: null },
  { name: "an empty PATH entry is the current folder", path: ["SHIMS", "", "r2"], expect: "" },
  { name: "pip3 is searched by its own name", path: ["SHIMS", "r1", "r2"], pipName: "pip3", expect: "r1" },
  { name: "re-entry from the parent skips what it tried", path: ["SHIMS", "r1", "r2"], tried: { by: "parent", dirs: ["r1"] }, expect: "r2" },
  { name: "re-entry with everything tried: none left", path: ["SHIMS", "r1", "r2"], tried: { by: "parent", dirs: ["r1", "r2"] }, expect: null },
  { name: "a stranger's record (another process) is ignored", path: ["SHIMS", "r1", "r2"], tried: { by: "stranger", dirs: ["r1"] }, expect: "r1" },
];

function makeWorld(): string {
  const root = mkdtempSync(join(tmpdir(), "pipshim-search-"));
  makeShims(join(root, "SHIMS"), "");
  const exe = (dir: string, name: string, text: string) => {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, name), text);
    chmodSync(join(root, dir, name), 0o755);
  };
  for (const dir of ["r1", "r2", ""]) for (const name of ["pip", "pip3"]) exe(dir, name, `#!/bin/sh\necho "${name} in <${dir}>"\n`);
  exe("noexec", "pip", "#!/bin/sh\necho wrong\n");
  chmodSync(join(root, "noexec", "pip"), 0o644);
  mkdirSync(join(root, "dir", "pip"), { recursive: true });
  mkdirSync(join(root, "empty"), { recursive: true });
  mkdirSync(join(root, "copy"), { recursive: true });
  for (const name of ["pip", "pip3", ".pipshim-shims"]) cpSync(join(root, "SHIMS", name), join(root, "copy", name));
  symlinkSync(join(root, "SHIMS"), join(root, "link"));
  return root;
}

const world = makeWorld();
process.on("exit", () => rmSync(world, { recursive: true, force: true }));
const SHIMS = join(world, "SHIMS");
const dirPath = (d: string) => (d === "SHIMS" ? SHIMS : d === "" ? "" : join(world, d));

function chainFor(c: Case, parentPid: number): string | undefined {
  if (!c.tried) return undefined;
  const owner = c.tried.by === "parent" ? parentPid : 1;
  return `${owner} ${c.tried.dirs.map((d) => `:${join(world, d)}/${c.pipName ?? "pip"}`).join("")}`;
}

for (const c of CASES) {
  const name = c.pipName ?? "pip";
  const PATH = c.path.map(dirPath).join(":");

  test(`real pip search (sh): ${c.name}`, async () => {
    const chain = chainFor(c, process.pid); // sh's parent is this process
    const env: NodeJS.ProcessEnv = { PATH, HOME: world };
    if (chain) env.PIPSHIM_CHAIN = chain;
    // `sh bin/pipshim pip --version`: the fast path execs the chosen pip, which says where it is.
    const r = await runProcess("/bin/sh", [PIPSHIM_BIN, name, "--version"], env, { cwd: world });
    if (c.expect === null) {
      assert.equal(r.status, 127);
      assert.equal(r.stderr, `pipshim: no real ${name} found on PATH\n`);
    } else {
      assert.equal(r.stdout, `${name} in <${c.expect}>\n`, r.stderr);
    }
  });

  test(`real pip search (TypeScript): ${c.name}`, () => {
    const chain = chainFor(c, 4242);
    const cwd = process.cwd();
    process.chdir(world); // a relative PATH entry is relative to the current folder
    try {
      const found = findRealPip({ name, PATH, self: join(SHIMS, name), chain, pid: 99999, ppid: 4242 });
      const expected = c.expect === null ? undefined : `${dirPath(c.expect) || "."}/${name}`;
      assert.equal(found.real, expected);
    } finally {
      process.chdir(cwd);
    }
  });
}
