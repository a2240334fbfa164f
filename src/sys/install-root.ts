// Where this pipshim is installed: a clone, or a global npm install. Commands that write paths
// into shell code (init, setup, doctor) get it from src/main.ts, whose bundle sits in <root>/dist.

export interface Install {
  root: string;
  /** bin/pipshim, the command shell profiles name by absolute path. */
  bin: string;
  /** The folder to put first on PATH. */
  shimsDir: string;
}
