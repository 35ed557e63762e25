// Fails the build when solc reported any warning. Hardhat prints warnings but succeeds; reading
// the build-info outputs also catches warnings of files compiled in an earlier (cached) build.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

// Test contracts deploy whole systems and are never deployed to a real chain, so the code-size
// limits (5574: runtime code, 3860: initcode) do not apply to them.
const SIZE_LIMIT_CODES = new Set(["5574", "3860"]);
// solc warns on every use of transient storage (2394). OpenZeppelin's TransientSlot is used only by
// ReentrancyGuardTransient, which clears its slot before every call returns: the safe use the
// warning itself names.
const TRANSIENT_STORAGE_CODE = "2394";
const TRANSIENT_SLOT_SOURCE = /^npm\/@openzeppelin\/contracts@[^/]+\/utils\/TransientSlot\.sol$/;
// solc 0.8.37 warns that `at` will become a keyword (6335); OpenZeppelin's Checkpoints and
// DoubleEndedQueue (used by the Governor and the votes token) name functions `at`. Their names are
// theirs to change, and the warning breaks nothing in this compiler.
const FUTURE_KEYWORD_CODE = "6335";
const OPENZEPPELIN_SOURCE = /^npm\/@openzeppelin\/contracts@[^/]+\//;

interface SolcMessage {
  severity: string;
  errorCode?: string;
  formattedMessage: string;
  sourceLocation?: { file: string };
}

const dir = new URL("../artifacts/build-info/", import.meta.url).pathname;
const files = (await readdir(dir)).filter((name) => name.endsWith(".output.json"));
const warnings: string[] = [];
for (const file of files) {
  const { output } = JSON.parse(await readFile(join(dir, file), "utf8")) as { output: { errors?: SolcMessage[] } };
  for (const message of output.errors ?? []) {
    if (message.severity !== "warning") continue;
    const inTest = message.sourceLocation?.file.startsWith("project/test/") ?? false;
    if (inTest && SIZE_LIMIT_CODES.has(message.errorCode ?? "")) continue;
    const file = message.sourceLocation?.file ?? "";
    if (message.errorCode === TRANSIENT_STORAGE_CODE && TRANSIENT_SLOT_SOURCE.test(file)) continue;
    if (message.errorCode === FUTURE_KEYWORD_CODE && OPENZEPPELIN_SOURCE.test(file)) continue;
    warnings.push(message.formattedMessage);
  }
}
if (warnings.length > 0) {
  console.error(warnings.join("\n"));
  console.error(`${warnings.length} compiler warning(s): warnings fail the build.`);
  process.exit(1);
}
