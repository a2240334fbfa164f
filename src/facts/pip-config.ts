// The config files pip would read (pip/_internal/configuration.py), with their texts.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ConfigFile, PipConfigFiles } from "../pip/config.js";

function read(path: string): ConfigFile {
  try {
    return { path, text: readFileSync(path, "utf8") };
  } catch {
    return { path, text: null };
  }
}

export function pipConfigFiles(env: NodeJS.ProcessEnv, home: string, sitePrefixes: string[]): PipConfigFiles {
  const xdgDirs = (env.XDG_CONFIG_DIRS ?? "").trim() ? env.XDG_CONFIG_DIRS! : "/etc/xdg";
  const configHome = (env.XDG_CONFIG_HOME ?? "").trim() ? env.XDG_CONFIG_HOME! : join(home, ".config");
  const files: PipConfigFiles = {
    global: [...xdgDirs.split(":").map((d) => join(d, "pip", "pip.conf")), "/etc/pip.conf"].map(read),
    user: [join(home, ".pip", "pip.conf"), join(configHome, "pip", "pip.conf")].map(read),
    site: sitePrefixes.map((p) => read(join(p, "pip.conf"))),
  };
  if (env.PIP_CONFIG_FILE !== undefined) files.envFile = env.PIP_CONFIG_FILE === "/dev/null" ? { path: "/dev/null", text: "" } : read(env.PIP_CONFIG_FILE);
  return files;
}
