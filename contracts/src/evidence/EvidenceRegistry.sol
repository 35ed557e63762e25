// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ICapacityLedger} from "../interfaces/ICapacityLedger.sol";
import {IEvidenceRegistry} from "./interfaces/IEvidenceRegistry.sol";

/// @title DIPNET evidence registry
/// @notice See {IEvidenceRegistry}. It has no owner: registering asks the capacity ledger who owns
/// the machine, and anchoring is open to anyone (the anchorer is recorded).
contract EvidenceRegistry is IEvidenceRegistry {
    uint256 private constant _MAX_DEVICE_ID = 64;

    ICapacityLedger private immutable _ledger;

    mapping(bytes32 deviceKey => Device) private _devices;
    mapping(bytes32 root => Anchor) private _anchors;
    mapping(bytes32 itemId => address) private _custodians;
    mapping(bytes32 eventHash => Trace) private _traces;

    constructor(address ledger_) {
        if (ledger_.code.length == 0) revert EvidenceInvalidLedger(ledger_);
        _ledger = ICapacityLedger(ledger_);
    }

    /// @inheritdoc IEvidenceRegistry
    function registerDevice(string calldata deviceId, uint256 machineId, bytes32 publicKey)
        external
        returns (bytes32 deviceKey)
    {
        _checkDeviceId(deviceId);
        if (publicKey == bytes32(0)) revert EvidenceInvalidPublicKey();
        deviceKey = keccak256(bytes(deviceId));
        if (_devices[deviceKey].manufacturer != address(0)) revert EvidenceDeviceExists(deviceId);
        // Reverts with CapacityUnknownMachine for an unknown id.
        ICapacityLedger.Machine memory m = _ledger.machine(machineId);
        if (m.owner != msg.sender) revert EvidenceNotMachineOwner(machineId, msg.sender);
        if (!m.active) revert EvidenceMachineInactive(machineId);
        _devices[deviceKey] = Device({
            manufacturer: msg.sender,
            registeredAt: uint64(block.timestamp),
            revoked: false,
            machineId: machineId,
            publicKey: publicKey
        });
        emit DeviceRegistered(deviceKey, machineId, msg.sender, deviceId, publicKey);
    }

    /// @inheritdoc IEvidenceRegistry
    function revokeDevice(bytes32 deviceKey) external {
        Device storage d = _devices[deviceKey];
        if (d.manufacturer == address(0)) revert EvidenceUnknownDevice(deviceKey);
        if (d.manufacturer != msg.sender) revert EvidenceNotDeviceManufacturer(deviceKey, msg.sender);
        if (d.revoked) revert EvidenceDeviceRevoked(deviceKey);
        d.revoked = true;
        emit DeviceRevoked(deviceKey, d.machineId, msg.sender);
    }

    /// @inheritdoc IEvidenceRegistry
    function anchor(bytes32 root, uint32 leafCount, uint64 firstTime, uint64 lastTime) external {
        if (root == bytes32(0)) revert EvidenceInvalidAnchor("root", "must not be zero");
        if (leafCount == 0) revert EvidenceInvalidAnchor("leafCount", "must be greater than zero");
        if (firstTime > lastTime) revert EvidenceInvalidAnchor("firstTime", "must not be after lastTime");
        if (_anchors[root].anchoredAt != 0) revert EvidenceRootAlreadyAnchored(root);
        // One slot per batch, whatever its size: the leaves stay off chain.
        _anchors[root] = Anchor({anchorer: msg.sender, anchoredAt: uint64(block.timestamp), leafCount: leafCount});
        emit RootAnchored(root, msg.sender, leafCount, firstTime, lastTime);
    }

    /// @inheritdoc IEvidenceRegistry
    function recordTrace(bytes32 itemId, bytes32 eventHash, address custodyTo) external {
        if (itemId == bytes32(0)) revert EvidenceInvalidTrace("itemId", "must not be zero");
        if (eventHash == bytes32(0)) revert EvidenceInvalidTrace("eventHash", "must not be zero");
        if (_traces[eventHash].recordedAt != 0) revert EvidenceTraceExists(eventHash);
        address custodian = _custodians[itemId];
        if (custodian == address(0)) {
            _custodians[itemId] = msg.sender;
        } else if (custodian != msg.sender) {
            revert EvidenceNotCustodian(itemId, msg.sender, custodian);
        }
        _traces[eventHash] = Trace({recorder: msg.sender, recordedAt: uint64(block.timestamp), itemId: itemId});
        emit TraceRecorded(itemId, eventHash, msg.sender);
        if (custodyTo != address(0) && custodyTo != msg.sender) {
            _custodians[itemId] = custodyTo;
            emit CustodyTransferred(itemId, msg.sender, custodyTo, eventHash);
        }
    }

    /// @inheritdoc IEvidenceRegistry
    function custodianOf(bytes32 itemId) external view returns (address) {
        return _custodians[itemId];
    }

    /// @inheritdoc IEvidenceRegistry
    function traceOf(bytes32 eventHash) external view returns (Trace memory) {
        return _traces[eventHash];
    }

    /// @inheritdoc IEvidenceRegistry
    function device(bytes32 deviceKey) external view returns (Device memory) {
        return _devices[deviceKey];
    }

    /// @inheritdoc IEvidenceRegistry
    function anchorOf(bytes32 root) external view returns (Anchor memory) {
        return _anchors[root];
    }

    /// @inheritdoc IEvidenceRegistry
    function readingLeaf(bytes32 deviceKey, uint64 seq, uint64 ts, bytes32 messageHash)
        public
        pure
        returns (bytes32)
    {
        return _leaf(deviceKey, seq, ts, messageHash);
    }

    /// @inheritdoc IEvidenceRegistry
    function verifyLeaf(bytes32 root, bytes32 leaf, bytes32[] calldata proof) public view returns (bool) {
        return _anchors[root].anchoredAt != 0 && MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @inheritdoc IEvidenceRegistry
    function verifyReading(
        bytes32 root,
        bytes32 deviceKey,
        uint64 seq,
        uint64 ts,
        bytes32 messageHash,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return verifyLeaf(root, _leaf(deviceKey, seq, ts, messageHash), proof);
    }

    /// @inheritdoc IEvidenceRegistry
    function capacityLedger() external view returns (address) {
        return address(_ledger);
    }

    // The StandardMerkleTree leaf: hashed twice, so no leaf can pass for an inner node.
    function _leaf(bytes32 deviceKey, uint64 seq, uint64 ts, bytes32 messageHash) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(deviceKey, seq, ts, messageHash))));
    }

    function _checkDeviceId(string calldata deviceId) private pure {
        bytes calldata b = bytes(deviceId);
        if (b.length == 0 || b.length > _MAX_DEVICE_ID) revert EvidenceInvalidDeviceId(deviceId);
        for (uint256 i; i < b.length; ++i) {
            bytes1 c = b[i];
            bool ok = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "."
                || c == "_" || c == "-";
            if (!ok) revert EvidenceInvalidDeviceId(deviceId);
        }
    }
}
