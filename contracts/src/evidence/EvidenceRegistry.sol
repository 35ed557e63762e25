// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ICapacityLedger} from "../interfaces/ICapacityLedger.sol";
import {IOrderMarket} from "../interfaces/IOrderMarket.sol";
import {IEvidenceRegistry} from "./interfaces/IEvidenceRegistry.sol";

/// @title DIPNET evidence registry
/// @notice See {IEvidenceRegistry}. It has no owner: registering asks the capacity ledger who owns
/// the machine, creating an item asks the order market who makes the order, and anchoring is open to
/// anyone, each anchorer in its own namespace (readings count only under anchorers their manufacturer
/// allows).
contract EvidenceRegistry is IEvidenceRegistry {
    uint256 private constant _MAX_DEVICE_ID = 64;

    ICapacityLedger private immutable _ledger;
    IOrderMarket private immutable _market;

    mapping(bytes32 deviceKey => Device) private _devices;
    // Anchors live in their anchorer's namespace: anchoring a root someone else sealed first blocks nobody.
    mapping(address anchorer => mapping(bytes32 root => Anchor)) private _anchors;
    mapping(address manufacturer => mapping(address anchorer => bool)) private _anchorers;
    // Items live in their order's namespace, and traces in their item's: nobody can take an item id
    // or an event hash before the party it belongs to.
    mapping(bytes32 itemKey => address) private _custodians;
    mapping(bytes32 traceKey => Trace) private _traces;

    constructor(address ledger_, address market_) {
        if (ledger_.code.length == 0) revert EvidenceInvalidLedger(ledger_);
        if (market_.code.length == 0) revert EvidenceInvalidMarket(market_);
        _ledger = ICapacityLedger(ledger_);
        _market = IOrderMarket(market_);
    }

    /// @inheritdoc IEvidenceRegistry
    function registerDevice(string calldata deviceId, uint256 machineId, bytes32 publicKey)
        external
        returns (bytes32 deviceKey)
    {
        _checkDeviceId(deviceId);
        if (publicKey == bytes32(0)) revert EvidenceInvalidPublicKey();
        deviceKey = deviceKeyOf(msg.sender, deviceId);
        if (_devices[deviceKey].manufacturer != address(0)) revert EvidenceDeviceExists(msg.sender, deviceId);
        // Reverts with CapacityUnknownMachine for an unknown id.
        ICapacityLedger.Machine memory m = _ledger.machine(machineId);
        if (m.owner != msg.sender) revert EvidenceNotMachineOwner(machineId, msg.sender);
        if (!m.active) revert EvidenceMachineInactive(machineId);
        _devices[deviceKey] = Device({
            manufacturer: msg.sender,
            registeredAt: uint64(block.timestamp),
            revokedAt: 0,
            machineId: machineId,
            publicKey: publicKey
        });
        emit DeviceRegistered(deviceKey, machineId, msg.sender, deviceId, publicKey);
    }

    /// @inheritdoc IEvidenceRegistry
    function deviceKeyOf(address manufacturer, string calldata deviceId) public pure returns (bytes32) {
        return keccak256(abi.encode(manufacturer, deviceId));
    }

    /// @inheritdoc IEvidenceRegistry
    function revokeDevice(bytes32 deviceKey) external {
        Device storage d = _devices[deviceKey];
        if (d.manufacturer == address(0)) revert EvidenceUnknownDevice(deviceKey);
        if (d.manufacturer != msg.sender) revert EvidenceNotDeviceManufacturer(deviceKey, msg.sender);
        if (d.revokedAt != 0) revert EvidenceDeviceRevoked(deviceKey);
        d.revokedAt = uint64(block.timestamp);
        emit DeviceRevoked(deviceKey, d.machineId, msg.sender);
    }

    /// @inheritdoc IEvidenceRegistry
    function setAnchorer(address anchorer, bool allowed) external {
        _anchorers[msg.sender][anchorer] = allowed;
        emit AnchorerSet(msg.sender, anchorer, allowed);
    }

    /// @inheritdoc IEvidenceRegistry
    function isAnchorerOf(address manufacturer, address anchorer) public view returns (bool) {
        return anchorer == manufacturer || _anchorers[manufacturer][anchorer];
    }

    /// @inheritdoc IEvidenceRegistry
    function anchor(bytes32 root, uint32 leafCount, uint64 firstTime, uint64 lastTime) external {
        if (root == bytes32(0)) revert EvidenceInvalidAnchor("root", "must not be zero");
        if (leafCount == 0) revert EvidenceInvalidAnchor("leafCount", "must be greater than zero");
        if (firstTime > lastTime) revert EvidenceInvalidAnchor("firstTime", "must not be after lastTime");
        Anchor storage a = _anchors[msg.sender][root];
        if (a.anchoredAt != 0) revert EvidenceRootAlreadyAnchored(msg.sender, root);
        // One slot per batch, whatever its size: the leaves stay off chain.
        a.anchoredAt = uint64(block.timestamp);
        a.leafCount = leafCount;
        emit RootAnchored(root, msg.sender, leafCount, firstTime, lastTime);
    }

    /// @inheritdoc IEvidenceRegistry
    function recordTrace(uint256 orderId, bytes32 itemId, bytes32 eventHash, address custodyTo) external {
        if (itemId == bytes32(0)) revert EvidenceInvalidTrace("itemId", "must not be zero");
        if (eventHash == bytes32(0)) revert EvidenceInvalidTrace("eventHash", "must not be zero");
        bytes32 itemKey = _itemKey(orderId, itemId);
        bytes32 traceKey = _traceKey(itemKey, eventHash);
        if (_traces[traceKey].recordedAt != 0) revert EvidenceTraceExists(orderId, itemId, eventHash);
        address custodian = _custodians[itemKey];
        if (custodian == address(0)) {
            // Reverts with the market's MarketUnknownOrder for an unknown order.
            address maker = _market.getOrder(orderId).maker;
            if (maker != msg.sender) revert EvidenceNotOrderMaker(orderId, msg.sender, maker);
            _custodians[itemKey] = msg.sender;
        } else if (custodian != msg.sender) {
            revert EvidenceNotCustodian(orderId, itemId, msg.sender, custodian);
        }
        _traces[traceKey] = Trace({recorder: msg.sender, recordedAt: uint64(block.timestamp)});
        emit TraceRecorded(itemId, eventHash, msg.sender, orderId);
        if (custodyTo != address(0) && custodyTo != msg.sender) {
            _custodians[itemKey] = custodyTo;
            emit CustodyTransferred(itemId, msg.sender, custodyTo, eventHash, orderId);
        }
    }

    /// @inheritdoc IEvidenceRegistry
    function custodianOf(uint256 orderId, bytes32 itemId) external view returns (address) {
        return _custodians[_itemKey(orderId, itemId)];
    }

    /// @inheritdoc IEvidenceRegistry
    function traceOf(uint256 orderId, bytes32 itemId, bytes32 eventHash) external view returns (Trace memory) {
        return _traces[_traceKey(_itemKey(orderId, itemId), eventHash)];
    }

    /// @inheritdoc IEvidenceRegistry
    function device(bytes32 deviceKey) external view returns (Device memory) {
        return _devices[deviceKey];
    }

    /// @inheritdoc IEvidenceRegistry
    function anchorOf(address anchorer, bytes32 root) external view returns (Anchor memory) {
        return _anchors[anchorer][root];
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
    function verifyLeaf(address anchorer, bytes32 root, bytes32 leaf, bytes32[] calldata proof)
        external
        view
        returns (bool)
    {
        return _anchors[anchorer][root].anchoredAt != 0 && MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @inheritdoc IEvidenceRegistry
    function verifyReading(
        address anchorer,
        bytes32 root,
        bytes32 deviceKey,
        uint64 seq,
        uint64 ts,
        bytes32 messageHash,
        bytes32[] calldata proof
    ) external view returns (bool) {
        Device storage d = _devices[deviceKey];
        Anchor storage a = _anchors[anchorer][root];
        if (a.anchoredAt == 0 || d.manufacturer == address(0)) return false;
        // A revoked key may sign readings with any timestamp: only the anchor time is trusted.
        if (d.revokedAt != 0 && a.anchoredAt >= d.revokedAt) return false;
        if (!isAnchorerOf(d.manufacturer, anchorer)) return false;
        return MerkleProof.verifyCalldata(proof, root, _leaf(deviceKey, seq, ts, messageHash));
    }

    /// @inheritdoc IEvidenceRegistry
    function capacityLedger() external view returns (address) {
        return address(_ledger);
    }

    /// @inheritdoc IEvidenceRegistry
    function orderMarket() external view returns (address) {
        return address(_market);
    }

    function _itemKey(uint256 orderId, bytes32 itemId) private pure returns (bytes32) {
        return keccak256(abi.encode(orderId, itemId));
    }

    function _traceKey(bytes32 itemKey, bytes32 eventHash) private pure returns (bytes32) {
        return keccak256(abi.encode(itemKey, eventHash));
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
