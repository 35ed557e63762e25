// A tiny server for the browser tests: serves the built dashboard (SPA fallback to index.html)
// and passes /api, /health, /ready, /openapi.json and /docs(/…) to the node and POST /rpc to the chain
// — what the node itself does once it serves the dashboard.
import { createReadStream, existsSync, statSync } from "node:fs";
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import path from "node:path";

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".map": "application/json",
  ".png": "image/png",
};

function proxy(req: IncomingMessage, res: ServerResponse, target: URL, pathname: string) {
  const upstream = httpRequest(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: pathname,
      // The Host stays the dashboard's, as with the node serving it: Sign-In with Ethereum messages name it.
      headers: req.headers,
    },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ statusCode: 502, error: "Bad Gateway", message: "upstream unreachable" }));
  });
  req.pipe(upstream);
  res.on("close", () => upstream.destroy());
}

/**
 * Starts the server on a free port of 127.0.0.1; resolves with its URL, `connect` and a stop function.
 * Without `nodeUrl` and `rpcUrl` it proxies nothing until `connect`: a node that must know the
 * dashboard's origin (its public URL, for Sign-In with Ethereum) can then be started after it.
 */
export async function startDashboardServer(p: { distDir: string; nodeUrl?: string; rpcUrl?: string }) {
  let node = p.nodeUrl ? new URL(p.nodeUrl) : undefined;
  let rpc = p.rpcUrl ? new URL(p.rpcUrl) : undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const pathname = url.pathname;
    if (/^\/(api\/|health$|ready$|openapi\.json$|docs($|\/))/.test(pathname) && node)
      return proxy(req, res, node, `${pathname}${url.search}`);
    if (pathname === "/rpc" && rpc) return proxy(req, res, rpc, "/");
    let file = path.join(p.distDir, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ""));
    if (!file.startsWith(p.distDir) || !existsSync(file) || statSync(file).isDirectory())
      file = path.join(p.distDir, "index.html");
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    connect(nodeUrl: string, rpcUrl: string) {
      node = new URL(nodeUrl);
      rpc = new URL(rpcUrl);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
