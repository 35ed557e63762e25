// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IOrderMarket} from "../interfaces/IOrderMarket.sol";
import {IConfidentialAccess} from "./interfaces/IConfidentialAccess.sol";

/// @title DIPNET confidential access
/// @notice See {IConfidentialAccess}.
contract ConfidentialAccess is IConfidentialAccess {
    uint256 private constant _MAX_CID = 128;

    IOrderMarket private immutable _market;

    uint256 private _grantCount;
    mapping(uint256 orderId => Package) private _packages;
    // The NDA hash each account accepted last: an acceptance counts only while it is the package's.
    mapping(uint256 orderId => mapping(address account => bytes32 ndaHash)) private _acceptedNda;
    mapping(uint256 grantId => Grant) private _grants;
    mapping(uint256 orderId => uint256[] grantIds) private _orderGrants;
    // Standing (unrevoked) grants per (order, account, file): what a maker may pass on.
    mapping(bytes32 holdingKey => uint256 standing) private _holdings;

    constructor(address market_) {
        if (market_.code.length == 0) revert AccessInvalidMarket(market_);
        _market = IOrderMarket(market_);
    }

    /// @inheritdoc IConfidentialAccess
    function setPackage(uint256 orderId, bytes32 ndaHash, string calldata packageCid, string calldata previewCid)
        external
    {
        if (ndaHash == bytes32(0)) revert AccessInvalid("ndaHash", "must not be zero");
        _checkCid("packageCid", packageCid, false);
        _checkCid("previewCid", previewCid, true);
        // Reverts with the market's MarketUnknownOrder for an unknown order.
        IOrderMarket.Order memory o = _market.getOrder(orderId);
        if (o.customer != msg.sender) revert AccessNotCustomer(orderId, msg.sender);
        if (o.status != IOrderMarket.Status.Open || block.timestamp >= o.biddingEnds) {
            revert AccessBiddingClosed(orderId, o.status, o.biddingEnds);
        }
        Package storage p = _packages[orderId];
        uint32 version = p.version + 1;
        _packages[orderId] = Package({
            ndaHash: ndaHash,
            version: version,
            setAt: uint40(block.timestamp),
            packageCid: packageCid,
            previewCid: previewCid
        });
        emit PackageSet(orderId, msg.sender, version, ndaHash, packageCid, previewCid);
    }

    /// @inheritdoc IConfidentialAccess
    function acceptNda(uint256 orderId, bytes32 ndaHash) external {
        bytes32 expected = _packages[orderId].ndaHash;
        if (expected == bytes32(0)) revert AccessNoPackage(orderId);
        if (ndaHash != expected) revert AccessNdaMismatch(orderId, ndaHash, expected);
        if (_acceptedNda[orderId][msg.sender] == ndaHash) revert AccessNdaAlreadyAccepted(orderId, msg.sender);
        _acceptedNda[orderId][msg.sender] = ndaHash;
        emit NdaAccepted(orderId, msg.sender, ndaHash);
    }

    /// @inheritdoc IConfidentialAccess
    function grant(uint256 orderId, address grantee, string calldata fileCid, string calldata keyEnvelopeCid)
        external
        returns (uint256 grantId)
    {
        if (grantee == address(0)) revert AccessInvalid("grantee", "must not be the zero address");
        _checkCid("fileCid", fileCid, false);
        _checkCid("keyEnvelopeCid", keyEnvelopeCid, false);
        _checkGrant(orderId, grantee, fileCid);
        grantId = ++_grantCount;
        _grants[grantId] = Grant({
            orderId: orderId,
            grantor: msg.sender,
            grantee: grantee,
            grantedAt: uint40(block.timestamp),
            revokedAt: 0,
            fileCid: fileCid,
            keyEnvelopeCid: keyEnvelopeCid
        });
        _orderGrants[orderId].push(grantId);
        ++_holdings[_holdingKey(orderId, grantee, fileCid)];
        emit AccessGranted(grantId, orderId, grantee, msg.sender, fileCid, keyEnvelopeCid);
    }

    /// @inheritdoc IConfidentialAccess
    function revoke(uint256 grantId) external {
        Grant storage g = _knownGrant(grantId);
        if (g.grantor != msg.sender) revert AccessNotGrantorOf(grantId, msg.sender);
        if (g.revokedAt != 0) revert AccessAlreadyRevoked(grantId);
        g.revokedAt = uint40(block.timestamp);
        // At least this grant stands, so the count is positive.
        --_holdings[_holdingKey(g.orderId, g.grantee, g.fileCid)];
        emit AccessRevoked(grantId, g.orderId, g.grantee, msg.sender);
    }

    /// @inheritdoc IConfidentialAccess
    function packageOf(uint256 orderId) external view returns (Package memory p) {
        p = _packages[orderId];
        if (p.version == 0) revert AccessNoPackage(orderId);
    }

    /// @inheritdoc IConfidentialAccess
    function hasAcceptedNda(uint256 orderId, address account) public view returns (bool) {
        bytes32 current = _packages[orderId].ndaHash;
        return current != bytes32(0) && _acceptedNda[orderId][account] == current;
    }

    /// @inheritdoc IConfidentialAccess
    function getGrant(uint256 grantId) external view returns (Grant memory) {
        return _knownGrant(grantId);
    }

    /// @inheritdoc IConfidentialAccess
    function grantsOf(uint256 orderId) external view returns (uint256[] memory) {
        return _orderGrants[orderId];
    }

    /// @inheritdoc IConfidentialAccess
    function holds(uint256 orderId, address account, string calldata fileCid) public view returns (bool) {
        return _holdings[_holdingKey(orderId, account, fileCid)] != 0;
    }

    /// @inheritdoc IConfidentialAccess
    function grantCount() external view returns (uint256) {
        return _grantCount;
    }

    /// @inheritdoc IConfidentialAccess
    function orderMarket() external view returns (address) {
        return address(_market);
    }

    /// @dev Who may grant `grantee` the key of `fileCid` of `orderId` (see {IConfidentialAccess}).
    function _checkGrant(uint256 orderId, address grantee, string calldata fileCid) private view {
        // Reverts with the market's MarketUnknownOrder for an unknown order.
        IOrderMarket.Order memory o = _market.getOrder(orderId);
        if (o.status == IOrderMarket.Status.Cancelled || o.status == IOrderMarket.Status.Defaulted) {
            revert AccessOrderClosed(orderId, o.status);
        }
        if (o.status == IOrderMarket.Status.Open) {
            if (msg.sender != o.customer) revert AccessNotGrantor(orderId, msg.sender);
            if (!hasAcceptedNda(orderId, grantee)) revert AccessNdaNotAccepted(orderId, grantee);
        } else if (msg.sender == o.customer) {
            if (grantee != o.maker) revert AccessNotAwardedMaker(orderId, grantee, o.maker);
        } else if (msg.sender == o.maker) {
            if (!holds(orderId, msg.sender, fileCid)) revert AccessFileNotHeld(orderId, msg.sender, fileCid);
            if (!hasAcceptedNda(orderId, grantee)) revert AccessNdaNotAccepted(orderId, grantee);
        } else {
            revert AccessNotGrantor(orderId, msg.sender);
        }
    }

    function _checkCid(string memory field, string calldata cid, bool optional) private pure {
        uint256 length = bytes(cid).length;
        if (length == 0 && !optional) revert AccessInvalid(field, "must not be empty");
        if (length > _MAX_CID) revert AccessInvalid(field, "too long");
    }

    function _knownGrant(uint256 grantId) private view returns (Grant storage g) {
        g = _grants[grantId];
        if (g.grantedAt == 0) revert AccessUnknownGrant(grantId);
    }

    function _holdingKey(uint256 orderId, address account, string memory fileCid) private pure returns (bytes32) {
        return keccak256(abi.encode(orderId, account, fileCid));
    }
}
