// Well-known packages whose kind their wheel does not tell reliably, kept as data: each entry says
// what the package is and why. A library here ships commands (so the commands guess would send it
// to pipx, where `import` cannot reach it); an application here is run as a command only, and may
// carry "library" classifiers (black and ruff declare `Topic :: Software Development :: Libraries
// :: Python Modules`). The user's own settings (`pipshim config add apps|libraries NAME`) win over
// this list. Names are compared normalised (PEP 503), so the spelling here is the project's own.

export type PackageKind = "app" | "library";

export interface KnownPackage {
  name: string;
  kind: PackageKind;
  reason: string;
}

export const KNOWN_PACKAGES: readonly KnownPackage[] = Object.freeze([
  // Libraries that ship commands.
  { name: "Flask", kind: "library", reason: "a web framework: the application's code imports it, and its flask command runs that code" },
  { name: "Django", kind: "library", reason: "a web framework: projects import it, and django-admin manages them" },
  { name: "numpy", kind: "library", reason: "the array library; its f2py and numpy-config commands are build helpers" },
  { name: "pytest", kind: "library", reason: "a test framework: tests and plugins import it, and pytest must see the code under test" },
  { name: "tqdm", kind: "library", reason: "a progress bar imported by programs; its tqdm command is a small extra" },
  { name: "Pygments", kind: "library", reason: "a syntax highlighter imported by other packages; pygmentize is a front end to it" },
  { name: "gunicorn", kind: "library", reason: "a WSGI server that imports the application it serves, so it belongs beside it" },
  { name: "pip", kind: "library", reason: "part of an environment's tooling, never an application" },
  { name: "setuptools", kind: "library", reason: "part of an environment's tooling, never an application" },
  { name: "wheel", kind: "library", reason: "part of an environment's tooling, never an application" },
  // Applications (some carry library classifiers).
  { name: "black", kind: "app", reason: "a code formatter used as a command (its classifiers say Libraries :: Python Modules)" },
  { name: "ruff", kind: "app", reason: "a linter and formatter shipped as a compiled program (its classifiers say Libraries :: Python Modules)" },
  { name: "httpie", kind: "app", reason: "an HTTP client for the terminal (http, https)" },
  { name: "yt-dlp", kind: "app", reason: "a downloader used as a command" },
  { name: "poetry", kind: "app", reason: "a project manager, kept apart from the projects it manages" },
  { name: "ansible", kind: "app", reason: "an automation tool used as commands (ansible, ansible-playbook)" },
  { name: "ansible-core", kind: "app", reason: "an automation tool used as commands (ansible, ansible-playbook)" },
  { name: "tox", kind: "app", reason: "a test runner that makes environments of its own" },
  { name: "flake8", kind: "app", reason: "a linter used as a command" },
] as KnownPackage[]);
