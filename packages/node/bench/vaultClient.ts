// The vault bench's client: a process that seals or opens one file with `@dipnet/sdk/vault` and
// nothing else, so the peak RSS the bench reports for the client is a client's, not the bench's own
// (which also wrote the random file and loaded the whole SDK to derive the keys).
//   node vaultClient.ts encrypt <plain file> <sealed file> <recipient public key>
//   node vaultClient.ts decrypt <sealed file> <public key>   (private key, hex, in VAULT_CLIENT_PRIVATE_KEY)
// Prints one JSON line { seconds, peakRssMiB } once the file is through.
import { createReadStream, createWriteStream, readFileSync } from "node:fs";
import { Readable, Writable } from "node:stream";
import { decryptStream, encryptStream, isEncryptionPublicKey } from "@dipnet/sdk/vault";

const [mode, input, ...rest] = process.argv.slice(2);
const source = () => Readable.toWeb(createReadStream(input as string)) as ReadableStream<Uint8Array>;
const start = performance.now();
if (mode === "encrypt") {
  const [output, recipient] = rest;
  if (!recipient || !isEncryptionPublicKey(recipient)) throw new Error("encrypt: the recipient public key is missing");
  await source()
    .pipeThrough(encryptStream({ recipients: [recipient] }))
    .pipeTo(Writable.toWeb(createWriteStream(output as string)));
} else if (mode === "decrypt") {
  const [publicKey] = rest;
  const privateKey = process.env.VAULT_CLIENT_PRIVATE_KEY;
  if (!publicKey || !isEncryptionPublicKey(publicKey) || !privateKey)
    throw new Error("decrypt: the public key or VAULT_CLIENT_PRIVATE_KEY is missing");
  const keys = [{ version: 1, publicKey, privateKey: Buffer.from(privateKey, "hex") }];
  await source().pipeThrough(decryptStream({ keys })).pipeTo(new WritableStream());
} else throw new Error(`mode must be encrypt or decrypt, got ${mode}`);
const seconds = (performance.now() - start) / 1000;
const peakRssMiB = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]) / 1024;
process.stdout.write(`${JSON.stringify({ seconds, peakRssMiB })}\n`);
