// Vite config of the dashboard. Dev: `npm run dev -w @dipnet/web` proxies the node's API (and its
// JSON-RPC pass-through) on 127.0.0.1:8080; override with DIPNET_NODE_URL.
import { defineConfig } from "vite";

const nodeUrl = process.env.DIPNET_NODE_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // TanStack Query marks its modules "use client" (for React Server Components); harmless here.
      onwarn(warning, warn) {
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  server: {
    host: "127.0.0.1",
    proxy: {
      "/api": { target: nodeUrl, changeOrigin: false },
      "/rpc": { target: nodeUrl, changeOrigin: false },
      "/openapi.json": nodeUrl,
    },
  },
});
