// Application or library? Outside a project that decides where a package goes (pipx, or pipshim's
// default environment). The signals, strongest first:
//   1. the user's setting (`pipshim config add apps|libraries NAME`);
//   2. the known packages (src/core/known-packages.ts);
//   3. the wheel's classifiers: `Framework :: ...` or `Topic :: Software Development :: Libraries`
//      (and below it: `:: Application Frameworks`, `:: Python Modules`, ...) mean a library;
//   4. the commands guess: a package that provides commands is taken for an application, one that
//      provides none is a library (pipx cannot install it anyway).
// Only 4 with commands is a guess the user is told about. Pure: the wheel is read elsewhere.

import { normalizeName } from "../names.js";
import { KNOWN_PACKAGES, type KnownPackage, type PackageKind } from "../known-packages.js";

export type { PackageKind };

/** What decided a package's kind. */
export type KindSignal = "setting" | "known-list" | "classifiers" | "commands";

export interface KindDecision {
  kind: PackageKind;
  signal: KindSignal;
  /** Said after the package's name: "is configured as a library (pipshim config libraries)". */
  why: string;
}

/** What the wheel says: its commands and its classifiers. */
export interface WheelFacts {
  scripts: string[];
  classifiers: string[];
}

export interface KindSettings {
  apps: string[];
  libraries: string[];
}

const KNOWN = new Map<string, KnownPackage>(KNOWN_PACKAGES.map((p) => [normalizeName(p.name), p]));

/** The known-list entry of a package, by any spelling of its name. */
export function knownPackage(name: string): KnownPackage | undefined {
  return KNOWN.get(normalizeName(name));
}

/** The first classifier that marks a library, if any. */
export function libraryClassifier(classifiers: string[]): string | undefined {
  return classifiers.find((c) => {
    const parts = c.split("::").map((p) => p.trim());
    if (parts[0] === "Framework" && parts.length > 1) return true;
    return parts[0] === "Topic" && parts[1] === "Software Development" && parts[2] === "Libraries";
  });
}

/**
 * The kind of the package named `name` (any spelling; undefined when the requirement names none),
 * from the signals in order. Without `wheel`, only what needs no download (a setting, the known
 * list): undefined then means "only its wheel can tell".
 */
export function packageKind(name: string | undefined, settings: KindSettings, wheel?: WheelFacts): KindDecision | undefined {
  if (name !== undefined) {
    const norm = normalizeName(name);
    if (settings.apps.some((n) => normalizeName(n) === norm)) return { kind: "app", signal: "setting", why: "is configured as an application (pipshim config apps)" };
    if (settings.libraries.some((n) => normalizeName(n) === norm)) return { kind: "library", signal: "setting", why: "is configured as a library (pipshim config libraries)" };
    const known = KNOWN.get(norm);
    if (known) {
      return { kind: known.kind, signal: "known-list", why: `is ${known.kind === "app" ? "an application" : "a library"} on pipshim's list of known packages: ${known.reason}` };
    }
  }
  if (!wheel) return undefined;
  const classifier = libraryClassifier(wheel.classifiers);
  if (classifier !== undefined) {
    const cmds = wheel.scripts.length > 0 ? `, though it provides commands (${wheel.scripts.join(", ")})` : "";
    return { kind: "library", signal: "classifiers", why: `is a library by its classifiers (${classifier})${cmds}` };
  }
  if (wheel.scripts.length > 0) {
    return { kind: "app", signal: "commands", why: `provides commands (${wheel.scripts.join(", ")}): a guess that it is an application` };
  }
  return { kind: "library", signal: "commands", why: "provides no commands: a library" };
}

/** How `pipshim explain` names a signal. */
export const SIGNAL_TEXT: Record<KindSignal, string> = {
  setting: "the user's setting",
  "known-list": "pipshim's list of known packages",
  classifiers: "its classifiers",
  commands: "a guess from its commands",
};
