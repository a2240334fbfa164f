// A PEP 503 "simple" package index on 127.0.0.1, served by the test itself from folders of wheels
// and source archives, that counts what pip asks of it: each project page, each file, and each
// TCP connection (pip keeps one connection open for all its requests to a host, so one pip run
// makes one connection and every separate run makes its own). It can hold one file back:
// pip then sits in that download, where a test can interrupt it.

import { createServer, type Server } from "node:http";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";

export interface CountingIndex {
  /** The index URL, for pip's --index-url / PIP_INDEX_URL. */
  url: string;
  /** Requests per project page (by the name in the URL) and per file name. */
  pages: Map<string, number>;
  files: Map<string, number>;
  /** TCP connections made to the index so far. */
  connections(): number;
  /** How often a file whose name starts with `prefix` was fetched. */
  fetched(prefix: string): number;
  /** With `hold`: resolves when pip has started downloading the held file. */
  downloading: Promise<void>;
  close(): Promise<void>;
}

const project = (file: string) => file.split("-")[0].replace(/[-_.]+/g, "_").toLowerCase();

/** Serves the wheels and source archives in `dirs`; a file whose name starts with `hold` never finishes downloading. */
export async function countingIndex(dirs: string[], hold?: string): Promise<CountingIndex> {
  let started!: () => void;
  const downloading = new Promise<void>((r) => (started = r));
  const where = new Map<string, string>();
  for (const d of dirs) for (const f of readdirSync(d)) if (/\.(whl|tar\.gz|zip)$/.test(f)) where.set(f, join(d, f));
  const pages = new Map<string, number>();
  const files = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  let connections = 0;
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const page = /^\/simple\/([^/]+)\/?$/.exec(path)?.[1];
    if (page) {
      bump(pages, page);
      const links = [...where.keys()].filter((f) => project(f) === page.replace(/[-_.]+/g, "_").toLowerCase());
      res.writeHead(links.length ? 200 : 404, { "content-type": "text/html", "cache-control": "no-store" });
      res.end(`<html><body>${links.map((f) => `<a href="/files/${f}">${f}</a>`).join("\n")}</body></html>`);
      return;
    }
    const file = /^\/files\/(.+)$/.exec(path)?.[1];
    const source = file === undefined ? undefined : where.get(file);
    if (file && source) {
      bump(files, file);
      const body = readFileSync(source);
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length, "cache-control": "no-store" });
      if (hold !== undefined && file.startsWith(hold)) {
        res.write(body.subarray(0, 10)); // a start, then nothing: pip waits in the download
        started();
        return;
      }
      res.end(body);
      return;
    }
    res.writeHead(404).end();
  });
  server.on("connection", (s) => {
    connections++;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/simple/`,
    pages,
    files,
    connections: () => connections,
    downloading,
    fetched: (prefix) => [...files].filter(([f]) => f.startsWith(prefix)).reduce((n, [, c]) => n + c, 0),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
