// The dashboard's production build, served at `/`; its page routes fall back to `index.html`.
import { existsSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** Serves the dashboard's files from `webDir`; resolves with whether there is a dashboard to serve. */
export async function registerDashboard(app: FastifyInstance, webDir: string | undefined): Promise<boolean> {
  if (!webDir || !existsSync(path.join(webDir, "index.html"))) return false;
  await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ["index.html"] });
  return true;
}

/** Whether a request that matched no route is one of the dashboard's page routes (/orders/12, …). */
export function isDashboardPage(method: string, url: string): boolean {
  const pathname = url.split("?")[0] ?? "/";
  return (
    method === "GET" &&
    !pathname.startsWith("/api/") &&
    !["/rpc", "/health", "/ready", "/metrics", "/openapi.json", "/docs"].includes(pathname) &&
    !pathname.startsWith("/docs/") &&
    !path.extname(pathname)
  );
}
