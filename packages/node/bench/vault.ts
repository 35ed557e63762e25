// The vault: client-side encryption and decryption of a large file against node:crypto AES-256-GCM
// on the same data, and its transfer between two node processes' Helia nodes over loopback against a
// plain TCP copy of the same bytes, with the peak RSS of every process while it streams: the client
// (vaultClient.ts, a process of its own) and both nodes.
//   npm run bench -- vault [--mb 200] [--rounds 3]
import { type ChildProcess, spawn } from "node:child_process";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { deriveKeyPair } from "@dipnet/sdk";
import { devAccounts } from "@dipnet/sdk/node";
import { benchOutput, flags, numberFlags } from "./common.ts";

const out = benchOutput("vault");
const MiB = 2 ** 20;

/** Peak resident set (VmHWM) of a process in MiB, from /proc: the high-water mark, not a sample. */
function peakRss(pid: number | string): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

const discard = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

/** Seals or opens a file in a client process of its own (vaultClient.ts); its time and peak RSS. */
async function client(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ seconds: number; peakRssMiB: number }> {
  const script = new URL("./vaultClient.ts", import.meta.url);
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", script.pathname, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (data: Buffer) => {
    output += data.toString();
  });
  const code = await new Promise((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`vault client (${args[0]}) exited with ${code}`);
  return JSON.parse(output) as { seconds: number; peakRssMiB: number };
}

type NodeProcess = { url: string; multiaddrs: string[]; child: ChildProcess };

async function startNode(dataDir: string, env: Record<string, string> = {}): Promise<NodeProcess> {
  const script = new URL("../src/testing/vaultNode.ts", import.meta.url);
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", script.pathname], {
    env: { ...process.env, DIPNET_DATA_DIR: dataDir, DIPNET_IPFS_TIMEOUT_MS: "60000", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`node process exited with ${code} before serving`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", resolve);
  });
  child.removeAllListeners("exit");
  return { ...(JSON.parse(line) as { url: string; multiaddrs: string[] }), child };
}

async function stopNode(node: NodeProcess): Promise<void> {
  if (node.child.exitCode !== null) return;
  const exited = new Promise((resolve) => node.child.once("exit", resolve));
  node.child.kill("SIGTERM");
  await exited;
}

/** Runs the benchmark; prints its JSON lines. */
export async function run(args: string[]): Promise<void> {
  const { mb, rounds } = numberFlags(flags(args), { mb: 200, rounds: 3 });
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${rounds}`);
  if (!Number.isInteger(mb) || mb < 1 || mb > 4096)
    throw new Error(`--mb must be an integer from 1 to 4096, got ${mb}`);
  const dir = mkdtempSync(path.join(tmpdir(), "dipnet-bench-vault-"));
  const nodes: NodeProcess[] = [];
  try {
    const plainFile = path.join(dir, "plain.bin");
    const sealedFile = path.join(dir, "sealed.bin");
    const referenceFile = path.join(dir, "reference.bin");
    out.log(`writing ${mb} MiB of random bytes`);
    await pipeline(
      Readable.from(
        (function* () {
          for (let i = 0; i < mb; i++) yield randomBytes(MiB);
        })(),
      ),
      createWriteStream(plainFile),
    );
    const size = mb * MiB;
    const rate = (seconds: number) => size / MiB / seconds;
    const keys = await deriveKeyPair({ account: devAccounts().alice, version: 1 });

    // Each figure is the best of `rounds`, the reference and the vault interleaved: this machine is
    // shared, and a single pass measures its neighbours as much as the code.
    const best = {
      referenceEncrypt: Infinity,
      referenceDecrypt: Infinity,
      vaultEncrypt: Infinity,
      vaultDecrypt: Infinity,
    };
    let clientPeak = 0;
    const privateKey = Buffer.from(keys.privateKey).toString("hex");
    for (let round = 0; round < rounds; round++) {
      const key = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      best.referenceEncrypt = Math.min(
        best.referenceEncrypt,
        await timed(() => pipeline(createReadStream(plainFile), cipher, createWriteStream(referenceFile))),
      );
      const decipher = createDecipheriv("aes-256-gcm", key, iv).setAuthTag(cipher.getAuthTag());
      best.referenceDecrypt = Math.min(
        best.referenceDecrypt,
        await timed(() => pipeline(createReadStream(referenceFile), decipher, discard())),
      );
      const encrypt = await client(["encrypt", plainFile, sealedFile, keys.publicKey]);
      const decrypt = await client(["decrypt", sealedFile, keys.publicKey], { VAULT_CLIENT_PRIVATE_KEY: privateKey });
      best.vaultEncrypt = Math.min(best.vaultEncrypt, encrypt.seconds);
      best.vaultDecrypt = Math.min(best.vaultDecrypt, decrypt.seconds);
      clientPeak = Math.max(clientPeak, encrypt.peakRssMiB, decrypt.peakRssMiB);
    }
    out.line("encrypt_mbps", rate(best.vaultEncrypt), "MB/s", { sizeMiB: mb, rounds });
    out.line("encrypt_reference_mbps", rate(best.referenceEncrypt), "MB/s", { reference: "node:crypto aes-256-gcm" });
    out.line("encrypt_ratio", best.referenceEncrypt / best.vaultEncrypt, "x");
    out.line("decrypt_mbps", rate(best.vaultDecrypt), "MB/s", { sizeMiB: mb, rounds });
    out.line("decrypt_reference_mbps", rate(best.referenceDecrypt), "MB/s", { reference: "node:crypto aes-256-gcm" });
    out.line("decrypt_ratio", best.referenceDecrypt / best.vaultDecrypt, "x");

    // Transfer: the ciphertext put on node A, fetched through node B (bitswap over loopback TCP).
    out.log("starting two node processes");
    const a = await startNode(path.join(dir, "a"));
    nodes.push(a);
    const b = await startNode(path.join(dir, "b"), { DIPNET_IPFS_PEERS: a.multiaddrs[0] as string });
    nodes.push(b);
    const sealedSize = statSync(sealedFile).size;
    let cid = "";
    const addSeconds = await timed(async () => {
      const response = await fetch(`${a.url}/api/vault/files`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: Readable.toWeb(createReadStream(sealedFile)) as ReadableStream<Uint8Array>,
        duplex: "half",
      } as RequestInit);
      if (!response.ok) throw new Error(`upload to node A failed: ${await response.text()}`);
      cid = ((await response.json()) as { cid: string }).cid;
    });
    let received = 0;
    const transfer = await timed(async () => {
      const response = await fetch(`${b.url}/api/vault/files/${cid}`);
      if (!response.ok || !response.body) throw new Error(`fetch through node B failed: ${await response.text()}`);
      for await (const chunk of response.body) received += chunk.length;
    });
    if (received !== sealedSize) throw new Error(`node B served ${received} of ${sealedSize} bytes`);

    const server = createServer((socket) => {
      createReadStream(sealedFile).pipe(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const tcp = await timed(
      () =>
        new Promise<void>((resolve, reject) => {
          let n = 0;
          const socket = connect(port, "127.0.0.1");
          socket.on("data", (data) => {
            n += data.length;
          });
          socket.on("end", () => (n === sealedSize ? resolve() : reject(new Error(`TCP copy got ${n} bytes`))));
          socket.on("error", reject);
        }),
    );
    server.close();
    const transferMbps = sealedSize / MiB / transfer;
    const tcpMbps = sealedSize / MiB / tcp;
    out.line("add_mbps", sealedSize / MiB / addSeconds, "MB/s", { node: "A" });
    out.line("transfer_mbps", transferMbps, "MB/s", { path: "node A → bitswap → node B → HTTP" });
    out.line("transfer_reference_mbps", tcpMbps, "MB/s", { reference: "plain TCP copy over loopback" });
    out.line("transfer_ratio", transferMbps / tcpMbps, "x");
    const nodePeaks = nodes.map((n) => peakRss(n.child.pid as number));
    out.line("peak_rss_client", clientPeak, "MiB", { while: "encrypting and decrypting", process: "vaultClient.ts" });
    out.line("peak_rss_node_a", nodePeaks[0] as number, "MiB", { while: "storing" });
    out.line("peak_rss_node_b", nodePeaks[1] as number, "MiB", { while: "fetching and serving" });
    out.line("peak_rss", Math.max(clientPeak, ...nodePeaks), "MiB", { goal: "< 256" });
  } finally {
    for (const node of nodes) await stopNode(node);
    rmSync(dir, { recursive: true, force: true });
  }
}
