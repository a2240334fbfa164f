// An environment made active for a command, as its bin/activate makes it (and bin/pipshim's
// _pipshim_activate, for `pipshim run`: test/shim/shell-rules.test.ts runs one table against
// both): its bin/ first on PATH, VIRTUAL_ENV set, PYTHONHOME unset; pipshim's loop guards gone.

export function activatedEnv(env: NodeJS.ProcessEnv, venv: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, VIRTUAL_ENV: venv, PATH: `${venv}/bin:${env.PATH ?? ""}` };
  for (const k of ["PYTHONHOME", "PIPSHIM_CHAIN", "PIPSHIM_DEPTH"]) delete out[k];
  return out;
}
