// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title DIPNET evidence registry
/// @notice Machine evidence an auditor can check alone. Manufacturers register the keys their machines'
/// controllers ("devices") sign readings with, each bound to one of their machines on the capacity
/// ledger, and revoke them. Nodes anchor Merkle roots of batches of signed device messages; anyone
/// can then check that a message was in an anchored batch.
///
/// Anchors are keyed by `(anchorer, root)`: each anchorer has its own namespace, so whoever sees a
/// sealed root first and anchors it cannot stop its node from anchoring it too, and a proof names
/// the anchorer it relies on.
///
/// A device is named by a text id (1 to 64 of `A-Z a-z 0-9 . _ -`, the IoT gateway's id format) in
/// its manufacturer's namespace, and keyed on chain by
/// `deviceKey = keccak256(abi.encode(manufacturer, deviceId))` (`deviceKeyOf`): nobody can take an id
/// before the manufacturer it belongs to. A manufacturer registers each id once, for good: a new key
/// means a new id, so every stored message keeps the key that signed it.
///
/// Batches are OpenZeppelin `StandardMerkleTree`s (npm package openzeppelin/merkle-tree) of leaves
/// `(bytes32 deviceKey, uint64 seq, uint64 ts, bytes32 messageHash)`: the leaf hash is
/// `keccak256(bytes.concat(keccak256(abi.encode(deviceKey, seq, ts, messageHash))))`, where
/// `messageHash` is the sha256 of the exact bytes the device signed. Anchoring stores one slot per
/// batch, whatever its size.
///
/// A reading is evidence (`verifyReading`) only when its batch was anchored by the device's
/// manufacturer or by an anchorer the manufacturer authorised (`setAnchorer`), and strictly before
/// the device was revoked (in a block with an earlier timestamp). The anchor time, not the reading's
/// own timestamp, decides: whoever holds a leaked device key can sign readings with any timestamp,
/// but cannot anchor them in the past.
///
/// Traceability: the hashes of a produced item's GS1 EPCIS events (commissioning, transformation,
/// aggregation, custody handover) are recorded per item of an order (`orderId`, `itemId`, e.g. the
/// keccak256 of its EPC URI): items live in their order's namespace. Only the order's maker (asked of
/// the order market) may create an item, by recording its first trace, which makes the maker its
/// custodian; afterwards only the custodian records, and a trace may hand custody to another account.
/// Each event hash is recorded once per item, so recording a hash elsewhere first blocks nobody.
interface IEvidenceRegistry {
    /// @notice A registered device. `manufacturer` registered it and owned `machineId` then;
    /// `revokedAt` is the block timestamp of its revocation (0 while it is not revoked).
    /// @param publicKey Raw Ed25519 public key (32 bytes).
    struct Device {
        address manufacturer;
        uint64 registeredAt;
        uint64 revokedAt;
        uint256 machineId;
        bytes32 publicKey;
    }

    /// @notice A root anchored by one anchorer: when (block timestamp), and how many leaves it has.
    /// `anchoredAt == 0`: not anchored.
    struct Anchor {
        uint64 anchoredAt;
        uint32 leafCount;
    }

    /// @notice A recorded traceability event hash: who recorded it (the item's custodian then) and when
    /// (block timestamp).
    struct Trace {
        address recorder;
        uint64 recordedAt;
    }

    /// @notice `manufacturer` registered device `deviceId` (key `deviceKey`) with Ed25519 key
    /// `publicKey` on its machine `machineId`.
    event DeviceRegistered(
        bytes32 indexed deviceKey,
        uint256 indexed machineId,
        address indexed manufacturer,
        string deviceId,
        bytes32 publicKey
    );
    /// @notice The manufacturer revoked device `deviceKey`: its messages are refused from now on, and
    /// readings in batches anchored from now on are no evidence.
    event DeviceRevoked(bytes32 indexed deviceKey, uint256 indexed machineId, address indexed manufacturer);
    /// @notice `manufacturer` allowed (or stopped allowing) `anchorer` to anchor its devices' readings.
    event AnchorerSet(address indexed manufacturer, address indexed anchorer, bool allowed);
    /// @notice `anchorer` anchored the Merkle `root` of a batch of `leafCount` device messages whose
    /// device timestamps lie in `[firstTime, lastTime]` (ms since the epoch).
    event RootAnchored(
        bytes32 indexed root, address indexed anchorer, uint32 leafCount, uint64 firstTime, uint64 lastTime
    );

    /// @notice `recorder`, the custodian, recorded the EPCIS event with hash `eventHash` for item `itemId`
    /// of order `orderId`.
    event TraceRecorded(bytes32 indexed itemId, bytes32 indexed eventHash, address indexed recorder, uint256 orderId);
    /// @notice Custody of `itemId` of order `orderId` passed from `from` to `to` with the EPCIS event `eventHash`.
    event CustodyTransferred(
        bytes32 indexed itemId, address indexed from, address indexed to, bytes32 eventHash, uint256 orderId
    );

    /// @notice The capacity ledger must be a contract.
    error EvidenceInvalidLedger(address ledger);
    /// @notice The order market must be a contract.
    error EvidenceInvalidMarket(address market);
    /// @notice `deviceId` is not 1 to 64 of `A-Z a-z 0-9 . _ -`.
    error EvidenceInvalidDeviceId(string deviceId);
    /// @notice The public key must not be zero.
    error EvidenceInvalidPublicKey();
    /// @notice `manufacturer` already registered `deviceId` (ids are never reused, even after revocation).
    error EvidenceDeviceExists(address manufacturer, string deviceId);
    /// @notice No device has key `deviceKey`.
    error EvidenceUnknownDevice(bytes32 deviceKey);
    /// @notice Device `deviceKey` is already revoked.
    error EvidenceDeviceRevoked(bytes32 deviceKey);
    /// @notice Only the manufacturer that registered `deviceKey` may revoke it.
    error EvidenceNotDeviceManufacturer(bytes32 deviceKey, address caller);
    /// @notice Only the owner of `machineId` may register devices on it.
    error EvidenceNotMachineOwner(uint256 machineId, address caller);
    /// @notice `machineId` was deactivated: it takes no new devices.
    error EvidenceMachineInactive(uint256 machineId);
    /// @notice The anchor field `field` is invalid for `reason`.
    error EvidenceInvalidAnchor(string field, string reason);
    /// @notice `anchorer` already anchored `root` (each anchorer anchors a batch once).
    error EvidenceRootAlreadyAnchored(address anchorer, bytes32 root);
    /// @notice The trace field `field` is invalid for `reason`.
    error EvidenceInvalidTrace(string field, string reason);
    /// @notice The event hash `eventHash` is already recorded for item `itemId` of order `orderId`.
    error EvidenceTraceExists(uint256 orderId, bytes32 itemId, bytes32 eventHash);
    /// @notice Only `custodian`, the custodian of `itemId` of order `orderId`, may record its traces.
    error EvidenceNotCustodian(uint256 orderId, bytes32 itemId, address caller, address custodian);
    /// @notice Only `maker`, the maker of order `orderId` (zero before award), may create its items.
    error EvidenceNotOrderMaker(uint256 orderId, address caller, address maker);

    /// @notice Registers device `deviceId` with Ed25519 key `publicKey` on `machineId`, which the caller
    /// must own on the capacity ledger and which must be active.
    /// @return deviceKey `deviceKeyOf(msg.sender, deviceId)`.
    function registerDevice(string calldata deviceId, uint256 machineId, bytes32 publicKey)
        external
        returns (bytes32 deviceKey);

    /// @notice The key of device `deviceId` of `manufacturer`: `keccak256(abi.encode(manufacturer, deviceId))`.
    function deviceKeyOf(address manufacturer, string calldata deviceId) external pure returns (bytes32);

    /// @notice Revokes device `deviceKey` now; only the manufacturer that registered it may. Final.
    function revokeDevice(bytes32 deviceKey) external;

    /// @notice Allows (or stops allowing) `anchorer` to anchor the caller's devices' readings. Stopping
    /// also voids the readings `anchorer` anchored before: do it when that account is compromised.
    function setAnchorer(address anchorer, bool allowed) external;

    /// @notice True when `anchorer` is `manufacturer` or allowed by it (`setAnchorer`).
    function isAnchorerOf(address manufacturer, address anchorer) external view returns (bool);

    /// @notice Anchors the Merkle `root` of a batch of `leafCount` messages with device timestamps in
    /// `[firstTime, lastTime]` in the caller's namespace. Anyone may anchor; each anchorer each root once.
    function anchor(bytes32 root, uint32 leafCount, uint64 firstTime, uint64 lastTime) external;

    /// @notice Records the EPCIS event hash `eventHash` for item `itemId` of order `orderId`. The first
    /// trace of an item creates it and must come from the order's maker, who becomes its custodian;
    /// later ones need the custodian. A non-zero `custodyTo` other than the caller hands custody to it
    /// (`CustodyTransferred`).
    function recordTrace(uint256 orderId, bytes32 itemId, bytes32 eventHash, address custodyTo) external;

    /// @notice The custodian of `itemId` of order `orderId` (zero before its first trace).
    function custodianOf(uint256 orderId, bytes32 itemId) external view returns (address);

    /// @notice Where `eventHash` was recorded for `itemId` of order `orderId` (all zero when it was not).
    function traceOf(uint256 orderId, bytes32 itemId, bytes32 eventHash) external view returns (Trace memory);

    /// @notice Device `deviceKey` (all zero when unknown).
    function device(bytes32 deviceKey) external view returns (Device memory);

    /// @notice When `anchorer` anchored `root` (all zero when it did not).
    function anchorOf(address anchorer, bytes32 root) external view returns (Anchor memory);

    /// @notice The `StandardMerkleTree` leaf hash of one device message.
    function readingLeaf(bytes32 deviceKey, uint64 seq, uint64 ts, bytes32 messageHash)
        external
        pure
        returns (bytes32);

    /// @notice True when `anchorer` anchored `root` and `proof` proves `leaf` in it (OpenZeppelin `MerkleProof`).
    function verifyLeaf(address anchorer, bytes32 root, bytes32 leaf, bytes32[] calldata proof)
        external
        view
        returns (bool);

    /// @notice True when `verifyLeaf` holds for the leaf `readingLeaf(deviceKey, seq, ts, messageHash)`,
    /// the device is registered, `anchorer` is its manufacturer or allowed by it, and `anchorer` anchored
    /// `root` before any revocation of the device (`anchoredAt < revokedAt`).
    function verifyReading(
        address anchorer,
        bytes32 root,
        bytes32 deviceKey,
        uint64 seq,
        uint64 ts,
        bytes32 messageHash,
        bytes32[] calldata proof
    ) external view returns (bool);

    /// @notice The capacity ledger whose machines devices are bound to.
    function capacityLedger() external view returns (address);

    /// @notice The order market whose makers create traced items.
    function orderMarket() external view returns (address);
}
