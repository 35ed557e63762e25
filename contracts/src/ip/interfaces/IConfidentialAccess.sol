// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../../interfaces/IOrderMarket.sol";

/// @title DIPNET confidential access
/// @notice Who may read an order's confidential files, recorded on chain.
///
/// An RFQ's customer attaches a confidential package to its order while bidding is open
/// (`setPackage`): the hash of the NDA a reader must accept, the IPFS CID of the encrypted package
/// and of a public preview. Setting it again publishes a new version; acceptances of an earlier NDA
/// then no longer count. An account accepts the NDA on chain (`acceptNda`, naming its hash, so it
/// accepts exactly the text it read).
///
/// Access to a file is a grant (`grant`): the granting client wraps the file's key to the grantee's
/// registered X25519 key in a small encrypted "key envelope", stores it on IPFS, and records here who
/// receives which file version (CID), through which envelope, when. Who may grant to whom:
/// - before award, the customer, to accounts that accepted the current NDA;
/// - after award, the customer, to the awarded maker only;
/// - after award, the awarded maker, to its sub-tiers (accounts that accepted the NDA), only files it
///   was granted itself and still holds.
/// A cancelled or defaulted order takes no more grants.
///
/// Revoking (`revoke`, by the grant's grantor) ends a grant for what comes next: clients stop
/// sending the grantee envelopes for new versions, and a maker no longer holds what it could pass on.
/// It cannot claw back a key already downloaded: whoever opened an envelope keeps what it decrypted,
/// and the accepted NDA is the recourse for that.
///
/// The contract has no owner: who is customer or maker is asked of the order market.
interface IConfidentialAccess {
    /// @notice An order's confidential package. `version` counts from 1 and grows each time the
    /// customer sets it; `setAt` is the block timestamp of the last one.
    struct Package {
        bytes32 ndaHash;
        uint32 version;
        uint40 setAt;
        string packageCid;
        string previewCid;
    }

    /// @notice A recorded grant: `grantor` gave `grantee` the key of file `fileCid` of order
    /// `orderId`, wrapped in the envelope `keyEnvelopeCid`, at `grantedAt`; `revokedAt` is 0 while
    /// it stands.
    struct Grant {
        uint256 orderId;
        address grantor;
        address grantee;
        uint40 grantedAt;
        uint40 revokedAt;
        string fileCid;
        string keyEnvelopeCid;
    }

    /// @notice The customer of `orderId` set version `version` of its confidential package.
    event PackageSet(
        uint256 indexed orderId, address indexed customer, uint32 version, bytes32 ndaHash, string packageCid, string previewCid
    );
    /// @notice `account` accepted the NDA `ndaHash` of `orderId`.
    event NdaAccepted(uint256 indexed orderId, address indexed account, bytes32 ndaHash);
    /// @notice `grantor` granted `grantee` access to `fileCid` of `orderId` through `keyEnvelopeCid`.
    event AccessGranted(
        uint256 indexed grantId,
        uint256 indexed orderId,
        address indexed grantee,
        address grantor,
        string fileCid,
        string keyEnvelopeCid
    );
    /// @notice The grantor revoked grant `grantId` of `orderId`.
    event AccessRevoked(uint256 indexed grantId, uint256 indexed orderId, address indexed grantee, address grantor);

    /// @notice The market address `market` is not a contract.
    error AccessInvalidMarket(address market);
    /// @notice The field `field` is invalid for `reason`.
    error AccessInvalid(string field, string reason);
    /// @notice Only the customer of `orderId` may do this; `caller` is not.
    error AccessNotCustomer(uint256 orderId, address caller);
    /// @notice `orderId` is `status`: its package can be set only while bidding is open, until `biddingEnds`.
    error AccessBiddingClosed(uint256 orderId, IOrderMarket.Status status, uint40 biddingEnds);
    /// @notice `orderId` has no confidential package.
    error AccessNoPackage(uint256 orderId);
    /// @notice `ndaHash` is not the NDA of `orderId`'s package, `expected`.
    error AccessNdaMismatch(uint256 orderId, bytes32 ndaHash, bytes32 expected);
    /// @notice `account` already accepted the current NDA of `orderId`.
    error AccessNdaAlreadyAccepted(uint256 orderId, address account);
    /// @notice `grantee` has not accepted the current NDA of `orderId`.
    error AccessNdaNotAccepted(uint256 orderId, address grantee);
    /// @notice After award the customer grants only to the awarded `maker`, not to `grantee`.
    error AccessNotAwardedMaker(uint256 orderId, address grantee, address maker);
    /// @notice `caller` may not grant on `orderId` now (neither its customer, nor its maker after award).
    error AccessNotGrantor(uint256 orderId, address caller);
    /// @notice The maker of `orderId` holds no standing grant of `fileCid` to pass on.
    error AccessFileNotHeld(uint256 orderId, address maker, string fileCid);
    /// @notice `orderId` is `status`, which takes no grants.
    error AccessOrderClosed(uint256 orderId, IOrderMarket.Status status);
    /// @notice No grant has id `grantId`.
    error AccessUnknownGrant(uint256 grantId);
    /// @notice Only the grantor of `grantId` may revoke it; `caller` is not.
    error AccessNotGrantorOf(uint256 grantId, address caller);
    /// @notice Grant `grantId` was already revoked.
    error AccessAlreadyRevoked(uint256 grantId);

    /// @notice Sets (or replaces with a new version) the confidential package of `orderId`; only its
    /// customer, only while its bidding is open.
    /// @param ndaHash Hash of the NDA text a reader must accept; not zero.
    /// @param packageCid IPFS CID of the encrypted package (1 to 128 bytes).
    /// @param previewCid IPFS CID of the public preview (at most 128 bytes; empty for none).
    function setPackage(uint256 orderId, bytes32 ndaHash, string calldata packageCid, string calldata previewCid)
        external;

    /// @notice The caller accepts the NDA of `orderId`'s package; `ndaHash` must be its current one.
    function acceptNda(uint256 orderId, bytes32 ndaHash) external;

    /// @notice Records that the caller gave `grantee` the key of `fileCid` (see the rules above).
    /// @param fileCid IPFS CID of the file version granted (1 to 128 bytes).
    /// @param keyEnvelopeCid IPFS CID of the key envelope wrapped to the grantee (1 to 128 bytes).
    /// @return grantId The grant's id (ids start at 1).
    function grant(uint256 orderId, address grantee, string calldata fileCid, string calldata keyEnvelopeCid)
        external
        returns (uint256 grantId);

    /// @notice Revokes grant `grantId`; only its grantor. Stops access to new versions only.
    function revoke(uint256 grantId) external;

    /// @notice The package of `orderId`; reverts with AccessNoPackage when it has none.
    function packageOf(uint256 orderId) external view returns (Package memory);

    /// @notice Whether `account` accepted the current NDA of `orderId` (false when it has no package).
    function hasAcceptedNda(uint256 orderId, address account) external view returns (bool);

    /// @notice Grant `grantId`; reverts with AccessUnknownGrant for an unknown id.
    function getGrant(uint256 grantId) external view returns (Grant memory);

    /// @notice The grants of `orderId`, oldest first.
    function grantsOf(uint256 orderId) external view returns (uint256[] memory);

    /// @notice Whether `account` holds a standing grant of `fileCid` of `orderId`.
    function holds(uint256 orderId, address account, string calldata fileCid) external view returns (bool);

    /// @notice Number of grants recorded (the last id).
    function grantCount() external view returns (uint256);

    /// @notice The order market asked for customers, makers and status.
    function orderMarket() external view returns (address);
}
