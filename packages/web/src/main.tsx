import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App.tsx";
import { ApiError } from "./lib/api.ts";
import { LiveProvider } from "./lib/live.tsx";
import { SessionProvider } from "./lib/session.tsx";
import { VaultKeysProvider } from "./lib/vaultKeys.tsx";
import "./app/styles.css";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      refetchOnWindowFocus: false,
      // A 4xx from the node is an answer, not a glitch: do not retry it.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <VaultKeysProvider>
            <LiveProvider>
              <App />
            </LiveProvider>
          </VaultKeysProvider>
        </SessionProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
