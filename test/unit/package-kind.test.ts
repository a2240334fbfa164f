// Application or library: the decision order (the user's setting, the known list, the wheel's
// classifiers, the guess from its commands) as a table, fed with the real classifiers and
// commands of well-known packages (test/fixtures/real-packages.ts), and the same facts read back
// from wheels written here, through the wheel reader pipshim uses.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { knownPackage, libraryClassifier, packageKind, type KindSettings, type WheelFacts } from "../../src/core/decide/package-kind.js";
import { KNOWN_PACKAGES } from "../../src/core/known-packages.js";
import { entryPointScripts } from "../../src/core/wheel-metadata.js";
import { normalizeName } from "../../src/core/names.js";
import { readWheel } from "../../src/facts/wheel.js";
import { REAL_PACKAGES, type RealPackage } from "../fixtures/real-packages.js";
import { writeWheel } from "../helpers/zip.js";

const NO_SETTINGS: KindSettings = { apps: [], libraries: [] };

function wheelFacts(p: RealPackage): WheelFacts {
  const scripts = p.entryPoints === undefined ? [] : entryPointScripts(p.entryPoints);
  return { scripts: [...scripts, ...(p.dataScripts ?? [])], classifiers: p.classifiers };
}

/** What the wheel alone says (no name: neither a setting nor the known list applies), by package. */
const WHEEL_ALONE: Record<string, [kind: "app" | "library", signal: "classifiers" | "commands"]> = {
  Flask: ["library", "classifiers"],
  Django: ["library", "classifiers"],
  numpy: ["app", "commands"],
  pytest: ["library", "classifiers"],
  tqdm: ["library", "classifiers"],
  Pygments: ["app", "commands"],
  black: ["library", "classifiers"],
  ruff: ["library", "classifiers"],
  httpie: ["app", "commands"],
};

for (const p of REAL_PACKAGES) {
  test(`package kind: ${p.name} ${p.version} is ${p.expected === "app" ? "an application" : "a library"}`, () => {
    const facts = wheelFacts(p);
    assert.ok(facts.scripts.length > 0, `${p.name} ships commands`);
    const d = packageKind(p.name, NO_SETTINGS, facts);
    assert.equal(d?.kind, p.expected);
    // Each of these is on the known list: no download is needed to tell.
    assert.deepEqual(packageKind(p.name, NO_SETTINGS), d);
    assert.equal(d?.signal, "known-list");
    // Any spelling of its name.
    assert.equal(packageKind(p.name.toUpperCase().replace(/-/g, "_"), NO_SETTINGS)?.kind, p.expected);
    // What the wheel says on its own, where the known list did not exist.
    const alone = packageKind(undefined, NO_SETTINGS, facts);
    assert.deepEqual([alone?.kind, alone?.signal], WHEEL_ALONE[p.name], `${p.name}: the wheel alone`);
  });
}

test("package kind: the real facts read back from wheels give the same answers", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pipshim-kind-"));
  try {
    for (const p of REAL_PACKAGES) {
      const info = await readWheel(writeWheel(dir, { name: p.name, entryPoints: p.entryPoints, classifiers: p.classifiers, dataScripts: p.dataScripts }));
      assert.deepEqual({ scripts: info.scripts, classifiers: info.classifiers }, wheelFacts(p), p.name);
      assert.equal(packageKind(info.name, NO_SETTINGS, info)?.kind, p.expected, p.name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("package kind: the user's setting wins over the known list and the wheel", () => {
  const flask = wheelFacts(REAL_PACKAGES.find((p) => p.name === "Flask")!);
  const black = wheelFacts(REAL_PACKAGES.find((p) => p.name === "black")!);
  const rows: [name: string, settings: KindSettings, wheel: WheelFacts | undefined, kind: "app" | "library"][] = [
    ["Flask", { apps: ["flask"], libraries: [] }, flask, "app"],
    ["black", { apps: [], libraries: ["Black"] }, black, "library"],
    ["yt-dlp", { apps: [], libraries: ["YT_DLP"] }, undefined, "library"],
    ["my.tool", { apps: ["My_Tool"], libraries: [] }, { scripts: [], classifiers: ["Framework :: Flask"] }, "app"],
    ["mylib", { apps: [], libraries: ["mylib"] }, { scripts: ["mylib"], classifiers: [] }, "library"],
  ];
  for (const [name, settings, wheel, kind] of rows) {
    const d = packageKind(name, settings, wheel);
    assert.deepEqual([d?.kind, d?.signal], [kind, "setting"], name);
  }
  assert.match(packageKind("black", { apps: [], libraries: ["black"] })!.why, /configured as a library \(pipshim config libraries\)/);
});

test("package kind: unknown packages, by their wheel", () => {
  const rows: [desc: string, wheel: WheelFacts, kind: "app" | "library", signal: string][] = [
    ["Framework :: Flask and a console script", { scripts: ["flaskish"], classifiers: ["Framework :: Flask"] }, "library", "classifiers"],
    ["Application Frameworks and a command", { scripts: ["x"], classifiers: ["Topic :: Software Development :: Libraries :: Application Frameworks"] }, "library", "classifiers"],
    ["Python Modules and a command", { scripts: ["x"], classifiers: ["Topic :: Software Development :: Libraries :: Python Modules"] }, "library", "classifiers"],
    ["Libraries and a command", { scripts: ["x"], classifiers: ["Topic :: Software Development :: Libraries"] }, "library", "classifiers"],
    ["a command, no library classifier", { scripts: ["x"], classifiers: ["Environment :: Console", "Topic :: Software Development"] }, "app", "commands"],
    ["no command, no classifier", { scripts: [], classifiers: [] }, "library", "commands"],
    ["only a look-alike classifier", { scripts: ["x"], classifiers: ["Topic :: Software Development :: Libraryish", "Frameworks :: X", "Framework"] }, "app", "commands"],
  ];
  for (const [desc, wheel, kind, signal] of rows) {
    const d = packageKind("some-unknown-package", NO_SETTINGS, wheel);
    assert.deepEqual([d?.kind, d?.signal], [kind, signal], desc);
  }
  assert.equal(packageKind("some-unknown-package", NO_SETTINGS), undefined, "only its wheel can tell");
  assert.equal(packageKind(undefined, NO_SETTINGS), undefined);
  const guess = packageKind("x", NO_SETTINGS, { scripts: ["x", "x-admin"], classifiers: [] })!;
  assert.match(guess.why, /provides commands \(x, x-admin\): a guess that it is an application/);
  const byClassifier = packageKind("x", NO_SETTINGS, { scripts: ["x"], classifiers: ["Framework :: Flask"] })!;
  assert.match(byClassifier.why, /a library by its classifiers \(Framework :: Flask\), though it provides commands \(x\)/);
  assert.equal(libraryClassifier(["Framework :: Django :: 5.0"]), "Framework :: Django :: 5.0");
});

test("known packages: one entry per package, each with its reason; the issue's names are what it says", () => {
  const names = KNOWN_PACKAGES.map((p) => normalizeName(p.name));
  assert.equal(new Set(names).size, names.length, "no package twice");
  for (const p of KNOWN_PACKAGES) assert.ok(p.reason.length > 10, `${p.name} has a reason`);
  for (const n of ["Flask", "Django", "numpy", "pytest", "tqdm", "Pygments", "pip", "setuptools", "wheel"]) assert.equal(knownPackage(n)?.kind, "library", n);
  for (const n of ["black", "ruff", "httpie", "yt-dlp", "poetry", "ansible", "yt_dlp", "Ansible-Core"]) assert.equal(knownPackage(n)?.kind, "app", n);
});
