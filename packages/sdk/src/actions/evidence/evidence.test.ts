import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import fc from "fast-check";
import { type Hex, keccak256, toHex } from "viem";
import { evidenceRegistryAbi } from "../../generated/abis.ts";
import {
  anchorRoot,
  buildReadingTree,
  ContractRevertError,
  deactivateMachine,
  deviceKeyOf,
  getAnchor,
  getDevice,
  InvalidParameterError,
  listDevices,
  messageHashOf,
  type ReadingLeaf,
  readingLeafEncoding,
  readingLeafHash,
  readingLeafValues,
  register,
  registerDevice,
  registerMachine,
  revokeDevice,
  roles,
  setAnchorer,
  verifyReadingOnChain,
  verifyReadingProof,
} from "../../index.ts";
import { devAccounts } from "../../node/index.ts";
import { deployTestNetwork, type TestAnvil, type TestNetwork } from "../../testing/index.ts";

const key = () => toHex(randomBytes(32));

/** Random leaves with distinct (manufacturer, device, seq). */
const leavesArb = fc
  .array(
    fc.record({
      manufacturer: fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => toHex(b)),
      device: fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/),
      seq: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      ts: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      messageHash: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => toHex(b)),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((ls) => [...new Map(ls.map((l) => [`${l.manufacturer}|${l.device}|${l.seq}`, l as ReadingLeaf])).values()]);

/** One tampering of a leaf or its proof; every one must be rejected. */
function tamper(leaf: ReadingLeaf, proof: Hex[], how: number, pick: number): { leaf: ReadingLeaf; proof: Hex[] } {
  const flip = (h: Hex) => toHex(BigInt(h) ^ (1n << BigInt(pick % 256)), { size: 32 });
  switch (how % 8) {
    case 0:
      return {
        leaf: {
          ...leaf,
          device:
            `${leaf.device.slice(0, 63)}x` === leaf.device
              ? `${leaf.device.slice(0, 63)}y`
              : `${leaf.device.slice(0, 63)}x`,
        },
        proof,
      };
    case 1:
      return { leaf: { ...leaf, seq: (BigInt(leaf.seq) + 1n + BigInt(pick)) % 2n ** 64n }, proof };
    case 2:
      return { leaf: { ...leaf, ts: BigInt(leaf.ts) ^ (1n << BigInt(pick % 64)) }, proof };
    case 3:
      return { leaf: { ...leaf, messageHash: flip(leaf.messageHash) }, proof };
    case 4:
      if (proof.length === 0) return { leaf, proof: [flip(leaf.messageHash)] };
      return { leaf, proof: proof.map((p, i) => (i === pick % proof.length ? flip(p) : p)) };
    case 5:
      if (proof.length === 0) return { leaf, proof: [keccak256(leaf.messageHash)] };
      return { leaf, proof: proof.filter((_, i) => i !== pick % proof.length) };
    case 6:
      return { leaf, proof: [...proof, keccak256(toHex(pick))] };
    default:
      // The same id under another manufacturer is another device.
      return {
        leaf: { ...leaf, manufacturer: toHex(BigInt(leaf.manufacturer) ^ (1n << BigInt(pick % 160)), { size: 20 }) },
        proof,
      };
  }
}

describe("evidence trees off chain", () => {
  it("every valid proof verifies and every tampered reading or proof is rejected (random trees)", () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), fc.nat(), fc.nat(), (leaves, index, how, pick) => {
        const tree = buildReadingTree(leaves);
        const i = index % leaves.length;
        const leaf = leaves[i] as ReadingLeaf;
        const proof = tree.getProof(i);
        assert.equal(verifyReadingProof({ root: tree.root as Hex, leaf, proof }), true);
        assert.equal(tree.leafHash(i), readingLeafHash(leaf));
        assert.equal(tree.indexOf(readingLeafHash(leaf)), i);
        const bad = tamper(leaf, proof, how, pick);
        assert.equal(verifyReadingProof({ root: tree.root as Hex, ...bad }), false);
      }),
      { numRuns: 2000 },
    );
  });

  it("builds exactly OpenZeppelin's StandardMerkleTree: same root and same proofs (slow reference)", () => {
    fc.assert(
      fc.property(leavesArb, (leaves) => {
        const fast = buildReadingTree(leaves);
        const reference = StandardMerkleTree.of(leaves.map(readingLeafValues), readingLeafEncoding);
        assert.equal(fast.root, reference.root);
        for (const [i, leaf] of leaves.entries()) {
          assert.deepEqual(fast.getProof(i), reference.getProof(i));
          assert.equal(fast.leafHash(i), reference.leafHash(readingLeafValues(leaf)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("hashes messages with sha256 of the signed bytes", () => {
    assert.equal(
      messageHashOf(new TextEncoder().encode("abc")),
      "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("a proof does not verify under another batch's root", () => {
    fc.assert(
      fc.property(leavesArb, leavesArb, (a, b) => {
        const ta = buildReadingTree(a);
        const tb = buildReadingTree(b);
        fc.pre(ta.root !== tb.root);
        const proof = ta.getProof(0);
        assert.equal(verifyReadingProof({ root: tb.root as Hex, leaf: a[0] as ReadingLeaf, proof }), false);
      }),
      { numRuns: 300 },
    );
  });
});

describe("evidence registry against anvil", () => {
  let anvil: TestAnvil;
  const dev = devAccounts();
  let as: TestNetwork["clients"];

  before(async () => {
    ({ anvil, clients: as } = await deployTestNetwork());
    for (const c of [as.bob, as.carol]) {
      await register(c, { roles: roles.manufacturer });
      await registerMachine(c, {
        process: "cnc-milling",
        materials: ["aluminium-6061"],
        envelope: { x: 600, y: 400, z: 300 },
        hourlyRate: 80_000000n,
      });
    }
  });
  after(async () => anvil?.stop());

  it("registers a device on the signer's machine, lists it, and revokes it", async () => {
    const publicKey = key();
    const { deviceKey } = await registerDevice(as.bob, { deviceId: "mill-1.spindle", machineId: 1n, publicKey });
    assert.equal(deviceKey, deviceKeyOf(dev.bob.address, "mill-1.spindle"));
    const d = await getDevice(as.dave, { manufacturer: dev.bob.address, deviceId: "mill-1.spindle" });
    assert.equal(d?.manufacturer, dev.bob.address);
    assert.equal(d?.machineId, 1n);
    assert.equal(d?.publicKey, publicKey);
    assert.equal(d?.revoked, false);
    assert.equal(await getDevice(as.dave, { manufacturer: dev.bob.address, deviceId: "nobody" }), undefined);
    assert.equal(await getDevice(as.dave, { manufacturer: dev.carol.address, deviceId: "mill-1.spindle" }), undefined);
    await registerDevice(as.carol, { deviceId: "press-2", machineId: 2n, publicKey: key() });
    assert.deepEqual(
      (await listDevices(as.dave, { manufacturer: dev.bob.address })).map((x) => x.deviceId),
      ["mill-1.spindle"],
    );
    await revokeDevice(as.bob, { deviceId: "mill-1.spindle" });
    const revoked = await getDevice(as.dave, { manufacturer: dev.bob.address, deviceId: "mill-1.spindle" });
    assert.equal(revoked?.revoked, true);
    assert.equal(typeof revoked?.revokedAt, "number");
    assert.deepEqual(
      (await listDevices(as.dave, { includeRevoked: false })).map((x) => x.deviceId),
      ["press-2"],
    );
  });

  it("keeps each manufacturer's device ids its own: another's earlier registration takes nothing", async () => {
    const squatted = await registerDevice(as.carol, { deviceId: "press-01", machineId: 2n, publicKey: key() });
    const publicKey = key();
    const real = await registerDevice(as.bob, { deviceId: "press-01", machineId: 1n, publicKey });
    assert.notEqual(real.deviceKey, squatted.deviceKey);
    const d = await getDevice(as.dave, { manufacturer: dev.bob.address, deviceId: "press-01" });
    assert.equal(d?.publicKey, publicKey);
    await revokeDevice(as.carol, { deviceId: "press-01" });
    assert.equal((await getDevice(as.dave, { manufacturer: dev.bob.address, deviceId: "press-01" }))?.revoked, false);
  });

  it("refuses devices on others' or deactivated machines, reused ids and malformed input", async () => {
    await assert.rejects(
      registerDevice(as.bob, { deviceId: "d-foreign", machineId: 2n, publicKey: key() }),
      (e: unknown) =>
        e instanceof ContractRevertError &&
        e.errorName === "EvidenceNotMachineOwner" &&
        /does not own machine 2/.test(e.message),
    );
    await assert.rejects(
      registerDevice(as.bob, { deviceId: "mill-1.spindle", machineId: 1n, publicKey: key() }),
      (e: unknown) => e instanceof ContractRevertError && e.errorName === "EvidenceDeviceExists",
    );
    await assert.rejects(
      revokeDevice(as.carol, { deviceId: "press-2" }).then(() => revokeDevice(as.carol, { deviceId: "press-2" })),
      (e: unknown) => e instanceof ContractRevertError && e.errorName === "EvidenceDeviceRevoked",
    );
    await assert.rejects(
      registerDevice(as.bob, { deviceId: "a/b", machineId: 1n, publicKey: key() }),
      (e: unknown) => e instanceof InvalidParameterError && /deviceId/.test(e.message),
    );
    await assert.rejects(
      registerDevice(as.bob, { deviceId: "ok", machineId: 1n, publicKey: "0x1234" }),
      (e: unknown) => e instanceof InvalidParameterError && /publicKey/.test(e.message),
    );
    await registerMachine(as.bob, {
      process: "cnc-milling",
      materials: ["aluminium-6061"],
      envelope: { x: 1, y: 1, z: 1 },
      hourlyRate: 1n,
    });
    await deactivateMachine(as.bob, { machineId: 3n });
    await assert.rejects(
      registerDevice(as.bob, { deviceId: "late", machineId: 3n, publicKey: key() }),
      (e: unknown) => e instanceof ContractRevertError && e.errorName === "EvidenceMachineInactive",
    );
  });

  it("anchors roots once; the chain verifies exactly the valid proofs of random trees (property)", async () => {
    // The proven reading is of carol's device, anchored by dave whom carol allows.
    await registerDevice(as.carol, { deviceId: "prop-1", machineId: 2n, publicKey: key() });
    await setAnchorer(as.carol, { anchorer: dev.dave.address, allowed: true });
    await fc.assert(
      fc.asyncProperty(leavesArb, fc.nat(), fc.nat(), fc.nat(), async (randomLeaves, index, how, pick) => {
        const i = index % randomLeaves.length;
        const leaves = randomLeaves.map((l, j) =>
          j === i ? { ...l, manufacturer: dev.carol.address, device: "prop-1" } : l,
        );
        const tree = buildReadingTree(leaves);
        const root = tree.root;
        const leaf = leaves[i] as ReadingLeaf;
        const proof = tree.getProof(i);
        const anchorer = dev.dave.address;
        assert.equal(await verifyReadingOnChain(as.dave, { anchorer, root, leaf, proof }), false, "not anchored yet");
        await anchorRoot(as.dave, { root, leafCount: leaves.length, firstTime: 1, lastTime: 2 });
        assert.equal(await verifyReadingOnChain(as.dave, { anchorer, root, leaf, proof }), true);
        const onChainLeaf = await as.dave.publicClient.readContract({
          address: as.dave.deployment.contracts.evidenceRegistry as Hex,
          abi: evidenceRegistryAbi,
          functionName: "readingLeaf",
          args: [deviceKeyOf(leaf.manufacturer, leaf.device), BigInt(leaf.seq), BigInt(leaf.ts), leaf.messageHash],
        });
        assert.equal(onChainLeaf, readingLeafHash(leaf));
        const bad = tamper(leaf, proof, how, pick);
        assert.equal(await verifyReadingOnChain(as.dave, { anchorer, root, ...bad }), false);
      }),
      { numRuns: 40 },
    );
    const root = buildReadingTree([{ manufacturer: dev.bob.address, device: "d", seq: 1, ts: 1, messageHash: key() }])
      .root as Hex;
    await anchorRoot(as.bob, { root, leafCount: 1, firstTime: 5, lastTime: 5 });
    const bobs = await getAnchor(as.dave, { anchorer: dev.bob.address, root });
    assert.deepEqual(bobs, { root, anchorer: dev.bob.address, anchoredAt: bobs?.anchoredAt, leafCount: 1 });
    assert.equal(await getAnchor(as.dave, { anchorer: dev.carol.address, root }), undefined, "per anchorer");
    // Bob anchoring the root first does not keep carol from anchoring it in her namespace.
    await anchorRoot(as.carol, { root, leafCount: 1, firstTime: 5, lastTime: 5 });
    assert.equal((await getAnchor(as.dave, { anchorer: dev.carol.address, root }))?.leafCount, 1);
    await assert.rejects(
      anchorRoot(as.bob, { root, leafCount: 1, firstTime: 5, lastTime: 5 }),
      (e: unknown) =>
        e instanceof ContractRevertError && e.errorName === "EvidenceRootAlreadyAnchored" && e.message.includes(root),
    );
  });
});
