// `pipshim doctor [--json]`: is everything in place for pipshim to handle `pip install` here?
// Each check says ✓ or ✗ (or ! for an optional piece) and, when it fails, the fix. Exit 1 when a
// `pip install` would not be handled (shims not first on PATH, no real pip, no venv module, no
// pipx), 0 otherwise.

import { homedir } from "node:os";
import { runCaptured } from "../sys/capture.js";
import { isManaged } from "../core/decide/decide.js";
import { displayPath, shellQuote } from "../core/names.js";
import { findOnPath } from "../sys/path.js";
import { pipxFacts } from "../facts/pipx.js";
import { isPipshimShim } from "../facts/real-program.js";
import { describePlace, rememberForShell } from "../engine/place.js";
import { currentFolder } from "../engine/engine.js";
import { refreshShims } from "../act/shims.js";
import type { Install } from "../sys/install-root.js";
import { pipshimPaths, settingsFile } from "../sys/xdg.js";
import { UserError } from "../sys/output.js";
import { readFlags } from "./flags.js";
import { profileStatus } from "../facts/shell-integration.js";

export type CheckStatus = "ok" | "fail" | "warn" | "info";

export interface Check {
  id: string;
  status: CheckStatus;
  title: string;
  detail?: string;
  fix?: string;
  /** A failure here means `pip install` is not handled. */
  essential: boolean;
}

const MARK: Record<CheckStatus, string> = { ok: "✓", fail: "✗", warn: "!", info: "·" };

export const DOCTOR_HELP = `Usage: pipshim doctor [--json]

Checks that pipshim can handle pip install here, and says how to fix what is missing.
Exit status 1 when a pip install would not be handled, 0 otherwise.
`;

export async function doctorChecks(install: Install, env: NodeJS.ProcessEnv): Promise<Check[]> {
  const checks: Check[] = [];
  const add = (c: Check) => checks.push(c);
  const home = homedir();
  const paths = pipshimPaths();
  const PATH = env.PATH ?? "";
  const show = (p: string) => displayPath(p, home);

  for (const name of ["pip", "pip3"]) {
    const first = findOnPath(name, PATH);
    const ours = first !== undefined && isPipshimShim(first);
    add({
      id: `shim-${name}`,
      status: ours ? "ok" : "fail",
      title: `\`${name}\` runs ${ours ? "pipshim's shim" : first ? show(first) : "nothing"}`,
      detail: first ? show(first) : "not found on PATH",
      fix: ours ? undefined : `put ${show(install.shimsDir)} first on PATH: pipshim setup (then open a new shell), or eval "$(pipshim init)"`,
      essential: true,
    });
  }

  const place = await describePlace({ cwd: currentFolder(), env, shimsDir: install.shimsDir, interpreter: true });
  // What is found here, the shims may act on too (src/act/shell-records.ts).
  rememberForShell(place);
  const real = place.realPip;
  let shims: string;
  try {
    const r = refreshShims(install, PATH, place.paths.data);
    shims = r.added.length || r.removed.length ? `made ${r.added.join(" ") || "none"}, removed ${r.removed.join(" ") || "none"}` : "up to date";
    add({ id: "shims", status: "ok", title: `the shims in ${show(install.shimsDir)} are ${shims === "up to date" ? "up to date" : `brought up to date (${shims})`}`, essential: false });
  } catch (e) {
    add({
      id: "shims",
      status: "warn",
      title: `cannot update the shims in ${show(install.shimsDir)} (${(e as NodeJS.ErrnoException).code ?? "error"})`,
      fix: "make that folder writable, or set XDG_DATA_HOME to one that is",
      essential: false,
    });
  }
  for (const name of ["python3"]) {
    const first = findOnPath(name, PATH);
    const ours = first !== undefined && isPipshimShim(first);
    add({
      id: `shim-${name}`,
      status: ours ? "ok" : "warn",
      title: `\`${name}\` runs ${ours ? "pipshim's shim (the project's environment inside a project)" : first ? show(first) : "nothing"}`,
      fix: ours ? undefined : `put ${show(install.shimsDir)} first on PATH: pipshim setup`,
      essential: false,
    });
  }
  if (env.SUDO_USER) {
    add({
      id: "sudo",
      status: "warn",
      title: `running under sudo (for ${env.SUDO_USER}): sudo's secure_path skips every PATH shim, so sudo pip is the system's pip`,
      fix: "run pip without sudo (pipshim installs into your own environments), or sudo env PATH=\"$PATH\" pip to go through the shims",
      essential: false,
    });
  }
  add({
    id: "real-pip",
    status: real ? "ok" : "fail",
    title: real ? `the real pip behind the shims: ${show(real)}` : "no real pip behind the shims",
    fix: real ? undefined : "install pip (sudo apt install python3-pip)",
    essential: true,
  });
  const interpreter = real ? place.interpreter : undefined;
  if (interpreter && "error" in interpreter) {
    add({ id: "interpreter", status: "fail", title: "cannot tell which Python the real pip runs", detail: interpreter.error, essential: true });
  } else if (interpreter) {
    add({
      id: "interpreter",
      status: "info",
      title: `it runs ${interpreter.path} (Python ${interpreter.version}), which is ${isManaged(interpreter) ? "externally managed" : "not externally managed"}`,
      detail: interpreter.externallyManaged ? `marker: ${interpreter.externallyManaged}` : interpreter.inVirtualenv ? "a virtual environment" : `no EXTERNALLY-MANAGED in ${interpreter.stdlib}`,
      essential: false,
    });
    add({
      id: "venv",
      status: interpreter.canVenv || interpreter.hasVirtualenv ? "ok" : "fail",
      title: interpreter.canVenv || interpreter.hasVirtualenv ? "it can create virtual environments" : "it cannot create virtual environments (no ensurepip)",
      fix: interpreter.canVenv || interpreter.hasVirtualenv ? undefined : "sudo apt install python3-venv",
      essential: true,
    });
    add({
      id: "virtualenv",
      status: interpreter.hasVirtualenv ? "ok" : "warn",
      title: interpreter.hasVirtualenv ? "virtualenv is available (fast venv creation)" : "virtualenv is not available: venvs are made with the slower python -m venv",
      fix: interpreter.hasVirtualenv ? undefined : "sudo apt install python3-virtualenv",
      essential: false,
    });
  }

  const pipx = pipxFacts(env, home, false);
  const version = pipx.path ? (await runCaptured(pipx.path, ["--version"], { env, timeoutMs: 20_000 }).catch(() => undefined))?.stdout.trim() : undefined;
  add({
    id: "pipx",
    status: pipx.path ? "ok" : "fail",
    title: pipx.path ? `pipx ${version ?? "(version unknown)"} at ${show(pipx.path)}` : "pipx is not installed: applications cannot be installed",
    fix: pipx.path ? undefined : "sudo apt install pipx",
    essential: true,
  });
  if (pipx.path) {
    add({
      id: "pipx-bin",
      status: pipx.binDirOnPath ? "ok" : "warn",
      title: `pipx puts commands in ${show(pipx.binDir)}${pipx.binDirOnPath ? ", which is on PATH" : ", which is not on PATH"}`,
      fix: pipx.binDirOnPath ? undefined : `pipshim setup (new shells), or for this one: export PATH="$PATH":${shellQuote(pipx.binDir)}`,
      essential: false,
    });
  }

  add({
    id: "config",
    status: place.settingsProblem ? "fail" : "ok",
    title: place.settingsProblem ? `settings: ${place.settingsProblem}` : `settings: ${show(settingsFile(paths))} is valid (or absent: defaults)`,
    fix: place.settingsProblem ? "pipshim config reset" : undefined,
    essential: false,
  });

  const shimsFirst = checks.every((c) => !c.id.startsWith("shim-") || c.status === "ok");
  const profiles = profileStatus(env);
  add({
    id: "shell",
    status: profiles.installed ? "ok" : shimsFirst ? "warn" : "fail",
    title: profiles.installed ? `shell integration installed (${profiles.files.map(show).join(", ")})` : "shell integration not installed",
    fix: profiles.installed ? undefined : "pipshim setup",
    essential: false,
  });

  const project = place.project;
  if (project) {
    const v = project.venv;
    const bad = v.state === "broken" || v.state === "untrusted";
    add({
      id: "project",
      status: bad ? "warn" : "info",
      title: `project ${show(project.root)} (${project.foundBy}); its environment ${show(v.path)} is ${v.state}`,
      detail: v.problem,
      essential: false,
    });
  } else {
    add({ id: "project", status: "info", title: "not inside a project here", essential: false });
  }
  return checks;
}

export async function doctorCommand(argv: string[], install: Install): Promise<number> {
  const { values, positionals } = readFlags("doctor", argv, { json: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (values.help) {
    process.stdout.write(DOCTOR_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UserError(`unknown doctor argument "${positionals[0]}" (pipshim doctor --help)`, 2);
  const checks = await doctorChecks(install, process.env);
  const handled = checks.every((c) => !c.essential || c.status !== "fail");
  if (values.json) {
    process.stdout.write(JSON.stringify({ ok: handled, checks }, null, 2) + "\n");
  } else {
    for (const c of checks) {
      process.stdout.write(`${MARK[c.status]} ${c.title}\n`);
      if (c.detail) process.stdout.write(`    ${c.detail}\n`);
      if (c.fix) process.stdout.write(`    fix: ${c.fix}\n`);
    }
    process.stdout.write(handled ? "pipshim handles pip install here.\n" : "pipshim cannot handle pip install here yet: see the ✗ lines.\n");
  }
  return handled ? 0 : 1;
}
