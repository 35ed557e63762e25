// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {EvidenceRegistry} from "../../src/evidence/EvidenceRegistry.sol";
import {IEvidenceRegistry} from "../../src/evidence/interfaces/IEvidenceRegistry.sol";
import {ICapacityLedger} from "../../src/interfaces/ICapacityLedger.sol";
import {EvidenceFixture} from "./EvidenceFixture.sol";

/// @notice Devices on the fixture's machines (`m1`: maker, `m2`: maker, deactivated; `m3`: otherMaker),
/// anchors, and Merkle proofs of readings.
contract EvidenceRegistryTest is EvidenceFixture {
    bytes32 internal constant KEY = bytes32(uint256(0xed25519));

    bytes32 internal _fuzzDevice;

    function setUp() public override {
        super.setUp();
        _fuzzDevice = _registerDevice("fuzz-device");
    }

    function _registerDevice(string memory id) internal returns (bytes32) {
        vm.prank(maker);
        return evidence.registerDevice(id, m1, KEY);
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_revertsForNonContractLedger() public {
        address market = evidence.orderMarket();
        vm.expectRevert(abi.encodeWithSelector(IEvidenceRegistry.EvidenceInvalidLedger.selector, stranger));
        new EvidenceRegistry(stranger, market);
    }

    function test_constructor_revertsForNonContractMarket() public {
        vm.expectRevert(abi.encodeWithSelector(IEvidenceRegistry.EvidenceInvalidMarket.selector, stranger));
        new EvidenceRegistry(address(ledger), stranger);
    }

    // ---------------------------------------------------------------- devices

    function test_registerDevice_storesTheDeviceAndEmits() public {
        string memory id = "mill-7.spindle_1";
        bytes32 key = keccak256(abi.encode(maker, id));
        vm.expectEmit(address(evidence));
        emit IEvidenceRegistry.DeviceRegistered(key, m1, maker, "mill-7.spindle_1", KEY);
        assertEq(_registerDevice("mill-7.spindle_1"), key);
        IEvidenceRegistry.Device memory d = evidence.device(key);
        assertEq(d.manufacturer, maker);
        assertEq(d.machineId, m1);
        assertEq(d.publicKey, KEY);
        assertEq(uint256(d.registeredAt), T0);
        assertEq(uint256(d.revokedAt), 0);
    }

    function test_registerDevice_anotherManufacturerCannotSquatAnId() public {
        vm.prank(otherMaker);
        bytes32 squatted = evidence.registerDevice("press-01", m3, KEY);
        bytes32 key = _registerDevice("press-01"); // the real owner registers the same id afterwards
        assertEq(key, evidence.deviceKeyOf(maker, "press-01"));
        assertTrue(key != squatted);
        assertEq(evidence.device(key).manufacturer, maker);
        assertEq(evidence.device(squatted).manufacturer, otherMaker);
    }

    function test_registerDevice_revertsOnAnotherOwnersMachine() public {
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IEvidenceRegistry.EvidenceNotMachineOwner.selector, m3, maker));
        evidence.registerDevice("d1", m3, KEY);
    }

    function test_registerDevice_revertsOnUnknownMachine() public {
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(ICapacityLedger.CapacityUnknownMachine.selector, 99));
        evidence.registerDevice("d1", 99, KEY);
    }

    function test_registerDevice_revertsOnInactiveMachine() public {
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IEvidenceRegistry.EvidenceMachineInactive.selector, m2));
        evidence.registerDevice("d1", m2, KEY);
    }

    function test_registerDevice_revertsOnMalformedId() public {
        string[4] memory bad = ["", "a/b", "d\u00e9vice", "0123456789012345678901234567890123456789012345678901234567890123X"];
        for (uint256 i; i < bad.length; ++i) {
            vm.prank(maker);
            vm.expectRevert(abi.encodeWithSelector(IEvidenceRegistry.EvidenceInvalidDeviceId.selector, bad[i]));
            evidence.registerDevice(bad[i], m1, KEY);
        }
        // 64 characters is the longest id.
        _registerDevice("0123456789012345678901234567890123456789012345678901234567890123");
    }

    function test_registerDevice_revertsOnZeroKey() public {
        vm.prank(maker);
        vm.expectRevert(IEvidenceRegistry.EvidenceInvalidPublicKey.selector);
        evidence.registerDevice("d1", m1, bytes32(0));
    }

    function test_registerDevice_revertsWhenTheIdWasEverRegistered() public {
        bytes32 key = _registerDevice("d1");
        vm.prank(maker);
        evidence.revokeDevice(key);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IEvidenceRegistry.EvidenceDeviceExists.selector, maker, "d1"));
        evidence.registerDevice("d1", m1, bytes32(uint256(2)));
    }

    function test_revokeDevice_recordsTheRevocationTimeAndEmits() public {
        bytes32 key = _registerDevice("d1");
        vm.warp(T0 + 100);
        vm.expectEmit(address(evidence));
        emit IEvidenceRegistry.DeviceRevoked(key, m1, maker);
        vm.prank(maker);
        evidence.revokeDevice(key);
        assertEq(uint256(evidence.device(key).revokedAt), T0 + 100);
        assertEq(uint256(evidence.device(key).registeredAt), T0);
    }

    function test_revokeDevice_revertsForOthers() public {
        bytes32 key = _registerDevice("d1");
        vm.prank(otherMaker);
        vm.expectRevert(
            abi.encodeWithSelector(IEvidenceRegistry.EvidenceNotDeviceManufacturer.selector, key, otherMaker)
        );
        evidence.revokeDevice(key);
    }

    function test_revokeDevice_revertsTwiceAndForUnknown() public {
        bytes32 key = _registerDevice("d1");
        vm.prank(maker);
        evidence.revokeDevice(key);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IEvidenceRegistry.EvidenceDeviceRevoked.selector, key));
        evidence.revokeDevice(key);
        vm.expectRevert(abi.encodeWithSelector(IEvidenceRegistry.EvidenceUnknownDevice.selector, bytes32(uint256(1))));
        evidence.revokeDevice(bytes32(uint256(1)));
    }

    // ---------------------------------------------------------------- anchors

    function test_anchor_storesTheRootAndEmits() public {
        bytes32 root = keccak256("root");
        vm.expectEmit(address(evidence));
        emit IEvidenceRegistry.RootAnchored(root, stranger, 7, 1, 2);
        vm.prank(stranger);
        evidence.anchor(root, 7, 1, 2);
        IEvidenceRegistry.Anchor memory a = evidence.anchorOf(stranger, root);
        assertEq(uint256(a.anchoredAt), T0);
        assertEq(uint256(a.leafCount), 7);
    }

    function test_anchor_revertsForARootTheCallerAnchoredBefore() public {
        vm.prank(stranger);
        evidence.anchor(keccak256("root"), 1, 1, 1);
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvidenceRegistry.EvidenceRootAlreadyAnchored.selector, stranger, keccak256("root")
            )
        );
        evidence.anchor(keccak256("root"), 1, 1, 1);
    }

    function test_anchor_revertsOnInvalidFields() public {
        vm.expectRevert(
            abi.encodeWithSelector(IEvidenceRegistry.EvidenceInvalidAnchor.selector, "root", "must not be zero")
        );
        evidence.anchor(bytes32(0), 1, 1, 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvidenceRegistry.EvidenceInvalidAnchor.selector, "leafCount", "must be greater than zero"
            )
        );
        evidence.anchor(keccak256("root"), 0, 1, 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvidenceRegistry.EvidenceInvalidAnchor.selector, "firstTime", "must not be after lastTime"
            )
        );
        evidence.anchor(keccak256("root"), 1, 2, 1);
    }

    // ---------------------------------------------------------------- Merkle proofs

    struct Reading {
        bytes32 deviceKey;
        uint64 seq;
        uint64 ts;
        bytes32 messageHash;
    }

    function _readings(uint256 seed, uint256 n) internal pure returns (Reading[] memory rs) {
        rs = new Reading[](n);
        for (uint256 i; i < n; ++i) {
            bytes32 h = keccak256(abi.encode(seed, i));
            rs[i] = Reading(keccak256(abi.encode(h, "device")), uint64(i), uint64(uint256(h) >> 200), h);
        }
    }

    function _leaves(Reading[] memory rs) internal view returns (bytes32[] memory leaves) {
        leaves = new bytes32[](rs.length);
        for (uint256 i; i < rs.length; ++i) {
            leaves[i] = evidence.readingLeaf(rs[i].deviceKey, rs[i].seq, rs[i].ts, rs[i].messageHash);
        }
    }

    /// A tree of sorted-pair (commutative) hashes as OpenZeppelin's trees build, odd nodes carried up;
    /// returns the root and the proof of leaf `index`.
    function _tree(bytes32[] memory leaves, uint256 index) internal pure returns (bytes32, bytes32[] memory) {
        bytes32[] memory proof = new bytes32[](32);
        uint256 depth;
        bytes32[] memory level = leaves;
        while (level.length > 1) {
            uint256 sibling = index ^ 1;
            if (sibling < level.length) proof[depth++] = level[sibling];
            bytes32[] memory next = new bytes32[]((level.length + 1) / 2);
            for (uint256 i; i < next.length; ++i) {
                next[i] = 2 * i + 1 < level.length
                    ? Hashes.commutativeKeccak256(level[2 * i], level[2 * i + 1])
                    : level[2 * i];
            }
            level = next;
            index /= 2;
        }
        assembly ("memory-safe") {
            mstore(proof, depth)
        }
        return (level[0], proof);
    }

    /// A batch size from `minSize` to `maxSize` and an index into it, from fuzzed `n` and `index`.
    function _boundBatch(uint256 n, uint256 index, uint256 minSize, uint256 maxSize)
        internal
        pure
        returns (uint256 size, uint256 leafIndex)
    {
        size = bound(n, minSize, maxSize);
        leafIndex = bound(index, 0, size - 1);
    }

    function _anchoredTree(uint256 seed, uint256 n, uint256 index)
        internal
        returns (Reading[] memory rs, bytes32 root, bytes32[] memory proof)
    {
        rs = _readings(seed, n);
        rs[index].deviceKey = _fuzzDevice;
        (root, proof) = _tree(_leaves(rs), index);
        vm.prank(maker);
        evidence.anchor(root, uint32(n), 1, 2);
    }

    /// A batch of `n` readings whose reading `index` is of device `deviceKey`, anchored by `anchorer`.
    function _batchOf(bytes32 deviceKey, address anchorer, uint256 n, uint256 index)
        internal
        returns (Reading memory r, bytes32 root, bytes32[] memory proof)
    {
        Reading[] memory rs = _readings(uint256(deviceKey), n);
        rs[index].deviceKey = deviceKey;
        (root, proof) = _tree(_leaves(rs), index);
        vm.prank(anchorer);
        evidence.anchor(root, uint32(n), 1, 2);
        r = rs[index];
    }

    function _verifies(address anchorer, bytes32 root, Reading memory r, bytes32[] memory proof)
        internal
        view
        returns (bool)
    {
        return evidence.verifyReading(anchorer, root, r.deviceKey, r.seq, r.ts, r.messageHash, proof);
    }

    function test_verifyReading_rejectsBatchesAnchoredAtOrAfterTheRevocation() public {
        bytes32 key = _registerDevice("mill-revoked");
        (Reading memory before_, bytes32 rootBefore, bytes32[] memory proofBefore) = _batchOf(key, maker, 3, 0);
        vm.warp(T0 + 10);
        vm.prank(maker);
        evidence.revokeDevice(key);
        // Same block timestamp as the revocation, and later: a leaked key's readings with any timestamp.
        (Reading memory same, bytes32 rootSame, bytes32[] memory proofSame) = _batchOf(key, maker, 4, 1);
        vm.warp(T0 + 20);
        (Reading memory late, bytes32 rootLate, bytes32[] memory proofLate) = _batchOf(key, maker, 5, 2);
        assertTrue(_verifies(maker, rootBefore, before_, proofBefore), "anchored before the revocation");
        assertFalse(_verifies(maker, rootSame, same, proofSame));
        assertFalse(_verifies(maker, rootLate, late, proofLate));
    }

    function test_verifyReading_rejectsAnchorersTheManufacturerDidNotAllow() public {
        bytes32 key = _registerDevice("mill-anchored");
        (Reading memory r, bytes32 root, bytes32[] memory proof) = _batchOf(key, stranger, 3, 1);
        assertFalse(evidence.verifyReading(stranger, root, key, r.seq, r.ts, r.messageHash, proof), "a stranger's anchor");
        (Reading memory own, bytes32 ownRoot, bytes32[] memory ownProof) = _batchOf(key, maker, 2, 0);
        assertTrue(evidence.verifyReading(maker, ownRoot, key, own.seq, own.ts, own.messageHash, ownProof), "its maker's");
    }

    function test_setAnchorer_allowsAndWithdrawsAnAnchorerAndEmits() public {
        bytes32 key = _registerDevice("mill-node");
        (Reading memory r, bytes32 root, bytes32[] memory proof) = _batchOf(key, stranger, 3, 2);
        assertFalse(evidence.isAnchorerOf(maker, stranger));
        vm.expectEmit(address(evidence));
        emit IEvidenceRegistry.AnchorerSet(maker, stranger, true);
        vm.prank(maker);
        evidence.setAnchorer(stranger, true);
        assertTrue(evidence.isAnchorerOf(maker, stranger));
        assertFalse(evidence.isAnchorerOf(otherMaker, stranger), "per manufacturer");
        assertTrue(evidence.verifyReading(stranger, root, key, r.seq, r.ts, r.messageHash, proof));
        vm.prank(maker);
        evidence.setAnchorer(stranger, false);
        assertFalse(evidence.verifyReading(stranger, root, key, r.seq, r.ts, r.messageHash, proof), "withdrawn");
    }

    function test_anchor_aStrangerAnchoringTheRootFirstBlocksNoReading() public {
        bytes32 key = _registerDevice("mill-raced");
        Reading[] memory rs = _readings(7, 3);
        rs[1].deviceKey = key;
        (bytes32 root, bytes32[] memory proof) = _tree(_leaves(rs), 1);
        // The node lists sealed roots before anchoring them: anyone can see one and anchor it first.
        vm.prank(stranger);
        evidence.anchor(root, 3, 1, 2);
        vm.prank(maker);
        evidence.anchor(root, 3, 1, 2);
        Reading memory r = rs[1];
        assertTrue(evidence.verifyReading(maker, root, key, r.seq, r.ts, r.messageHash, proof), "the maker's anchor");
        assertFalse(evidence.verifyReading(stranger, root, key, r.seq, r.ts, r.messageHash, proof), "the stranger's");
        assertEq(uint256(evidence.anchorOf(stranger, root).leafCount), 3);
        assertEq(uint256(evidence.anchorOf(maker, root).anchoredAt), T0);
    }

    function test_verifyReading_rejectsUnknownDevices() public {
        (Reading memory r, bytes32 root, bytes32[] memory proof) = _batchOf(keccak256("nobody"), maker, 3, 1);
        assertFalse(evidence.verifyReading(maker, root, r.deviceKey, r.seq, r.ts, r.messageHash, proof));
    }

    function testFuzz_verifyReading_everyValidProofVerifies(uint256 seed, uint256 n, uint256 index) public {
        (n, index) = _boundBatch(n, index, 1, 70);
        (Reading[] memory rs, bytes32 root, bytes32[] memory proof) = _anchoredTree(seed, n, index);
        Reading memory r = rs[index];
        assertTrue(evidence.verifyReading(maker, root, r.deviceKey, r.seq, r.ts, r.messageHash, proof));
        assertTrue(evidence.verifyLeaf(maker, root, _leaves(rs)[index], proof));
        assertFalse(evidence.verifyLeaf(stranger, root, _leaves(rs)[index], proof), "another anchorer's namespace");
    }

    function testFuzz_verifyReading_rejectsEveryTamperedReading(
        uint256 seed,
        uint256 n,
        uint256 index,
        uint8 field,
        uint64 delta
    ) public {
        (n, index) = _boundBatch(n, index, 1, 70);
        delta = uint64(bound(delta, 1, type(uint64).max));
        (Reading[] memory rs, bytes32 root, bytes32[] memory proof) = _anchoredTree(seed, n, index);
        Reading memory r = rs[index];
        field = field % 4;
        unchecked {
            if (field == 0) r.deviceKey = bytes32(uint256(r.deviceKey) ^ delta);
            else if (field == 1) r.seq += delta; // wraps: still another value
            else if (field == 2) r.ts += delta;
            else r.messageHash = bytes32(uint256(r.messageHash) ^ delta);
        }
        assertFalse(evidence.verifyReading(maker, root, r.deviceKey, r.seq, r.ts, r.messageHash, proof));
    }

    function testFuzz_verifyLeaf_rejectsEveryTamperedProof(
        uint256 seed,
        uint256 n,
        uint256 index,
        uint256 position,
        uint256 mask,
        uint8 kind
    ) public {
        (n, index) = _boundBatch(n, index, 2, 70);
        mask = bound(mask, 1, type(uint256).max);
        (Reading[] memory rs, bytes32 root, bytes32[] memory proof) = _anchoredTree(seed, n, index);
        bytes32 leaf = _leaves(rs)[index];
        position = bound(position, 0, proof.length - 1);
        bytes32[] memory tampered;
        kind = kind % 3;
        if (kind == 0) {
            // one element altered
            tampered = proof;
            tampered[position] = bytes32(uint256(tampered[position]) ^ mask);
        } else if (kind == 1) {
            // one element dropped
            tampered = new bytes32[](proof.length - 1);
            for (uint256 i; i < tampered.length; ++i) tampered[i] = proof[i < position ? i : i + 1];
        } else {
            // one element added
            tampered = new bytes32[](proof.length + 1);
            for (uint256 i; i < proof.length; ++i) tampered[i] = proof[i];
            tampered[proof.length] = bytes32(mask);
        }
        assertFalse(evidence.verifyLeaf(maker, root, leaf, tampered));
    }

    function testFuzz_verifyLeaf_rejectsUnanchoredRoots(uint256 seed, uint256 n, uint256 index) public view {
        (n, index) = _boundBatch(n, index, 1, 40);
        Reading[] memory rs = _readings(seed, n);
        bytes32[] memory leaves = _leaves(rs);
        (bytes32 root, bytes32[] memory proof) = _tree(leaves, index);
        assertFalse(evidence.verifyLeaf(maker, root, leaves[index], proof));
    }
}
