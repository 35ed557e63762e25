// The dashboard and the browser's JSON-RPC gateway, served beside the API.
import { ApiError } from "../../core/http/errors.ts";
import type { Api } from "../../core/http/schemas.ts";

/** Parameters of `registerSystemRoutes`. */
export type SystemRoutesParameters = {
  /** Chain JSON-RPC the browser reaches through `POST /rpc`; omitted: no gateway. */
  rpcUrl?: string | undefined;
  /** Timeout of a call to the chain, in ms; then 504. */
  rpcTimeoutMs: number;
  /**
   * Whether the dashboard may offer the demo accounts (anvil's public keys), as `GET /api/dashboard`
   * says. Only a node listening on loopback alone should: anyone reaching a node from the network
   * could otherwise sign as the demo accounts of a chain that happens to say 31337. Default: false.
   */
  demoAccounts?: boolean | undefined;
};

/** Most calls in one JSON-RPC batch: the gateway must not multiply one request into unbounded chain work. */
const MAX_BATCH = 100;

// The browser reads the chain and sends transactions it signed itself. Node-administration and
// test methods (anvil_*, evm_*, debug_*, personal_*, eth_sendTransaction with node-held keys) are
// never forwarded: the gateway must not let a web page steer the chain.
const FORWARDED_METHODS = new Set([
  "eth_blockNumber",
  "eth_call",
  "eth_chainId",
  "eth_estimateGas",
  "eth_feeHistory",
  "eth_gasPrice",
  "eth_getBalance",
  "eth_getBlockByHash",
  "eth_getBlockByNumber",
  "eth_getCode",
  "eth_getLogs",
  "eth_getStorageAt",
  "eth_getTransactionByHash",
  "eth_getTransactionCount",
  "eth_getTransactionReceipt",
  "eth_maxPriorityFeePerGas",
  "eth_sendRawTransaction",
  "net_version",
  "web3_clientVersion",
]);

type JsonRpcRequest = { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };

function rejected(request: JsonRpcRequest, message: string) {
  return { jsonrpc: "2.0", id: request.id ?? null, error: { code: -32601, message } };
}

/** The calls of a JSON-RPC request or batch; 400 for anything else, and for batches over the cap. */
function checkedCalls(body: unknown): JsonRpcRequest[] {
  const isCall = (call: unknown): call is JsonRpcRequest =>
    typeof call === "object" && call !== null && !Array.isArray(call);
  if (!Array.isArray(body)) {
    if (!isCall(body)) throw new ApiError(400, "body is not a JSON-RPC call (an object) or batch (an array of them)");
    return [body];
  }
  if (body.length === 0) throw new ApiError(400, "body is an empty JSON-RPC batch");
  if (body.length > MAX_BATCH) {
    throw new ApiError(400, `a JSON-RPC batch has at most ${MAX_BATCH} calls, this one has ${body.length}`);
  }
  const bad = body.findIndex((call) => !isCall(call));
  if (bad >= 0) throw new ApiError(400, `JSON-RPC batch entry ${bad} is not a call (an object)`);
  return body;
}

/** Serves the dashboard's settings and `POST /rpc`. */
export function registerSystemRoutes(app: Api, p: SystemRoutesParameters): void {
  const demoAccounts = p.demoAccounts ?? false;
  app.get(
    "/api/dashboard",
    {
      schema: {
        summary: "Settings of the dashboard this node serves",
        description:
          "`demoAccounts`: the dashboard may offer the public development accounts (a node listening on loopback only; the dashboard also asks the chain itself for chain id 31337).",
        tags: ["system"],
        response: {
          200: { type: "object", required: ["demoAccounts"], properties: { demoAccounts: { type: "boolean" } } },
        },
      },
    },
    async () => ({ demoAccounts }),
  );
  const { rpcUrl } = p;
  if (rpcUrl) {
    app.post(
      "/rpc",
      {
        schema: {
          summary: "JSON-RPC gateway to the chain for the dashboard (read and raw-transaction methods only)",
          tags: ["system"],
        },
      },
      async (request, reply) => {
        const body = request.body;
        const calls = checkedCalls(body);
        const refused = calls.find((call) => typeof call.method !== "string" || !FORWARDED_METHODS.has(call.method));
        if (refused) {
          const method = typeof refused.method === "string" ? refused.method : "(none)";
          const answer = calls.map((call) => rejected(call, `method ${method} is not available through this gateway`));
          return Array.isArray(body) ? answer : answer[0];
        }
        let response: Response;
        try {
          response = await fetch(rpcUrl, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(p.rpcTimeoutMs),
          });
          reply.status(response.status).type("application/json");
          return await response.text();
        } catch (error) {
          if (error instanceof DOMException && error.name === "TimeoutError") {
            throw new ApiError(504, `the chain did not answer within ${p.rpcTimeoutMs} ms`);
          }
          request.log.warn({ err: error }, "chain RPC unreachable");
          throw new ApiError(502, "the chain's RPC is unreachable");
        }
      },
    );
  }
}
