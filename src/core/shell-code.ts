// The shell code `pipshim init bash|zsh|fish` prints (pure). It puts the shims folder first on
// PATH exactly once however often it is evaluated, clears the shell's command hash, and (unless
// disabled) installs a prompt hook. The hook costs a few builtin tests per prompt; only when the
// folder changed, or its environment appeared or vanished, does it ask `pipshim hook` what to do.

export type Shell = "bash" | "zsh" | "fish";
export const SHELLS: Shell[] = ["bash", "zsh", "fish"];

/** Quotes a word for bash, zsh and fish alike: single quotes, with ' written as '\'' (sh) or \' (fish). */
export function quoteFor(shell: Shell, word: string): string {
  return shell === "fish" ? `'${word.replace(/[\\']/g, (c) => `\\${c}`)}'` : `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface InitOptions {
  bin: string;
  shimsDir: string;
  hook: boolean;
}

function posix(shell: "bash" | "zsh", o: InitOptions): string {
  const q = (w: string) => quoteFor(shell, w);
  const lines = [
    `# pipshim shell integration for ${shell}: eval "$(${q(o.bin)} init ${shell})"`,
    `__pipshim_bin=${q(o.bin)}`,
    `__pipshim_shims=${q(o.shimsDir)}`,
    `__pipshim_path_remove() { local p=":$PATH:"; while [[ $p == *":$1:"* ]]; do p=\${p//":$1:"/:}; done; p=\${p#:}; PATH=\${p%:}; }`,
    `__pipshim_path_remove "$__pipshim_shims"`,
    `PATH="$__pipshim_shims\${PATH:+:$PATH}"`,
    "export PATH",
    shell === "zsh" ? "rehash" : "hash -r",
  ];
  if (!o.hook) return lines.join("\n") + "\n";
  lines.push(
    // Activation puts the environment right behind the shims, so `pip` stays pipshim's.
    `__pipshim_activate() {`,
    `  [[ -n \${__PIPSHIM_ACTIVE-} ]] && __pipshim_path_remove "$__PIPSHIM_ACTIVE/bin"`,
    `  __pipshim_path_remove "$1/bin"; __pipshim_path_remove "$__pipshim_shims"`,
    `  PATH="$__pipshim_shims:$1/bin\${PATH:+:$PATH}"; VIRTUAL_ENV=$1; __PIPSHIM_ACTIVE=$1`,
    `  export PATH VIRTUAL_ENV __PIPSHIM_ACTIVE; ${shell === "zsh" ? "rehash" : "hash -r"}`,
    `}`,
    `__pipshim_deactivate() {`,
    `  [[ -n \${__PIPSHIM_ACTIVE-} ]] || return 0`,
    `  __pipshim_path_remove "$__PIPSHIM_ACTIVE/bin"; export PATH`,
    `  [[ \${VIRTUAL_ENV-} == "$__PIPSHIM_ACTIVE" ]] && unset VIRTUAL_ENV`,
    `  unset __PIPSHIM_ACTIVE; ${shell === "zsh" ? "rehash" : "hash -r"}`,
    `}`,
    // Decide again only when the folder, its environment's existence or trust (the shell record), or VIRTUAL_ENV changed.
    `__pipshim_hook() {`,
    `  local ret=$? seen=0`,
    `  [[ -e \${__pipshim_watch-/} ]] && seen=1`,
    `  [[ -n \${__pipshim_mark-} && $__pipshim_mark -ef \${__pipshim_watch-/} ]] && seen=2`,
    `  if [[ $PWD != "\${__pipshim_pwd-}" || $seen != "\${__pipshim_seen-}" || \${VIRTUAL_ENV-} != "\${__pipshim_venv-}" ]]; then`,
    `    eval "$("$__pipshim_bin" hook ${shell} "$PWD")"`,
    `    __pipshim_venv=\${VIRTUAL_ENV-}`,
    `  fi`,
    `  return $ret`,
    `}`,
  );
  if (shell === "bash") {
    lines.push(`case ";\${PROMPT_COMMAND-};" in *";__pipshim_hook;"*) ;; *) PROMPT_COMMAND="__pipshim_hook\${PROMPT_COMMAND:+;$PROMPT_COMMAND}" ;; esac`);
  } else {
    lines.push("autoload -Uz add-zsh-hook", "add-zsh-hook precmd __pipshim_hook", "add-zsh-hook chpwd __pipshim_hook");
  }
  return lines.join("\n") + "\n";
}

function fish(o: InitOptions): string {
  const q = (w: string) => quoteFor("fish", w);
  const lines = [
    `# pipshim shell integration for fish: ${q(o.bin)} init fish | source`,
    `set -g __pipshim_bin ${q(o.bin)}`,
    `set -g __pipshim_shims ${q(o.shimsDir)}`,
    `set -gx PATH $__pipshim_shims (string match -v -- $__pipshim_shims $PATH)`,
  ];
  if (!o.hook) return lines.join("\n") + "\n";
  lines.push(
    `function __pipshim_activate`,
    `    set -l rest (string match -v -- $__pipshim_shims $PATH)`,
    `    set rest (string match -v -- $argv[1]/bin $rest)`,
    `    set -q __PIPSHIM_ACTIVE; and set rest (string match -v -- $__PIPSHIM_ACTIVE/bin $rest)`,
    `    set -gx PATH $__pipshim_shims $argv[1]/bin $rest`,
    `    set -gx VIRTUAL_ENV $argv[1]`,
    `    set -gx __PIPSHIM_ACTIVE $argv[1]`,
    `end`,
    `function __pipshim_deactivate`,
    `    set -q __PIPSHIM_ACTIVE; or return 0`,
    `    set -gx PATH (string match -v -- $__PIPSHIM_ACTIVE/bin $PATH)`,
    `    test "$VIRTUAL_ENV" = "$__PIPSHIM_ACTIVE"; and set -e VIRTUAL_ENV`,
    `    set -e __PIPSHIM_ACTIVE`,
    `end`,
    `function __pipshim_hook --on-variable PWD --on-event fish_prompt`,
    `    set -l ret $status`,
    `    set -l seen 0`,
    `    set -q __pipshim_watch; and test -e "$__pipshim_watch"; and set seen 1`,
    `    set -q __pipshim_mark; and test -n "$__pipshim_mark"; and test "$__pipshim_mark" -ef "$__pipshim_watch"; and set seen 2`,
    `    if test "$PWD" != "$__pipshim_pwd" -o "$seen" != "$__pipshim_seen" -o "$VIRTUAL_ENV" != "$__pipshim_venv"`,
    `        $__pipshim_bin hook fish "$PWD" | source`,
    `        set -g __pipshim_venv "$VIRTUAL_ENV"`,
    `    end`,
    `    return $ret`,
    `end`,
  );
  return lines.join("\n") + "\n";
}

export function initScript(shell: Shell, o: InitOptions): string {
  return shell === "fish" ? fish(o) : posix(shell, o);
}

/** The shell code with which `pipshim hook` answers: the new state, then the action. */
export function hookScript(shell: Shell, state: { pwd: string; watch: string; mark: string; seen: 0 | 1 | 2 }, action: "activate" | "deactivate" | "keep", venv?: string): string {
  const q = (w: string) => quoteFor(shell, w);
  const set = (name: string, value: string) => (shell === "fish" ? `set -g ${name} ${value}` : `${name}=${value}`);
  const parts = [set("__pipshim_pwd", q(state.pwd)), set("__pipshim_watch", q(state.watch)), set("__pipshim_mark", q(state.mark)), set("__pipshim_seen", String(state.seen))];
  if (action === "activate" && venv) parts.push(`__pipshim_activate ${q(venv)}`);
  if (action === "deactivate") parts.push("__pipshim_deactivate");
  return parts.join("; ") + "\n";
}
