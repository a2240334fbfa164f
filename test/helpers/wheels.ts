// Wheels of the fixture packages in test/fixtures/packages, built once per content (no index is
// reachable on the test machines): pip wheel --no-index --no-build-isolation, from a copy, so the
// source tree stays clean.

import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO, runProcess } from "./process.js";

const FIXTURES = join(REPO, "test", "fixtures", "packages");

function hashTree(dir: string): string {
  const h = createHash("sha1");
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      h.update(name);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest("hex").slice(0, 12);
}

let built: Promise<string> | undefined;

export function fixtureWheels(): Promise<string> {
  built ??= build();
  return built;
}

async function build(): Promise<string> {
  const cache = join(REPO, "test", ".cache");
  const target = join(cache, `wheels-${hashTree(FIXTURES)}`);
  if (existsSync(target)) return target;
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, "building-")); // on the same file system: rename works
  try {
    cpSync(FIXTURES, join(work, "src"), { recursive: true });
    const out = join(work, "wheels");
    for (const pkg of readdirSync(join(work, "src")).sort()) {
      const r = await runProcess(
        "/usr/bin/python3",
        ["-m", "pip", "wheel", "--no-index", "--no-build-isolation", "--no-deps", "-q", "-w", out, join(work, "src", pkg)],
        { PATH: "/usr/bin:/bin", HOME: work, PIP_DISABLE_PIP_VERSION_CHECK: "1" },
      );
      if (r.status !== 0) throw new Error(`building the ${pkg} fixture wheel failed:\n${r.stderr}`);
    }
    try {
      renameSync(out, target);
    } catch (e) {
      if (!existsSync(target)) throw e; // another test file built it first
    }
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
