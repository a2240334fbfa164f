// The config files pip would read (pip/_internal/configuration.py), with their texts.

import { join } from "node:path";
import { readRegularFile } from "../sys/fs.js";
import type { ConfigFile, PipConfigFiles } from "../core/pip/config.js";

/** Texts read in this process, by path: the files are read once, however often they are needed. */
const texts = new Map<string, string | null>();

function read(path: string): ConfigFile {
  if (!texts.has(path)) {
    // Never blocking: a FIFO (or a folder) named as a config file is no config file to pipshim.
    const read = readRegularFile(path);
    texts.set(path, read.ok ? read.text : null);
  }
  return { path, text: texts.get(path)! };
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
