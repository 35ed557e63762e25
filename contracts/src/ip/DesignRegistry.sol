// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC165} from "@openzeppelin/contracts/interfaces/IERC165.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IDesignRegistry} from "./interfaces/IDesignRegistry.sol";

/// @title DIPNET design registry
/// @notice See {IDesignRegistry}.
contract DesignRegistry is IDesignRegistry, IERC2981, ERC721, Ownable2Step {
    uint16 private constant _MAX_RESALE_ROYALTY_BPS = 1000;
    uint256 private constant _MAX_CID = 128;
    uint256 private constant _MAX_TITLE = 200;
    uint256 private constant _MAX_MAKERS = 64;

    address private _market;
    uint16 private _resaleRoyaltyBps;
    uint256 private _designCount;
    uint256 private _licenceCount;

    mapping(uint256 designId => Design) private _designs;
    mapping(uint256 designId => uint256[] versionIds) private _versions;
    mapping(uint256 licenceId => Licence) private _licences;
    mapping(uint256 designId => uint256[] licenceIds) private _designLicences;
    mapping(uint256 licenceId => mapping(address maker => bool)) private _licensedMakers;

    constructor(address governance, address market_, uint16 resaleRoyaltyBps_)
        ERC721("DIPNET Design", "DESIGN")
        Ownable(governance)
    {
        _setMarket(market_);
        _setResaleRoyaltyBps(resaleRoyaltyBps_);
    }

    /// @inheritdoc IDesignRegistry
    function register(bytes32 contentHash, string calldata cid, string calldata title, uint256 parentId)
        external
        returns (uint256 designId)
    {
        if (contentHash == bytes32(0)) revert DesignInvalid("contentHash", "must not be zero");
        _checkText("cid", cid, _MAX_CID);
        _checkText("title", title, _MAX_TITLE);
        if (parentId != 0) _checkDesignOwner(parentId);
        designId = ++_designCount;
        _designs[designId] = Design({
            contentHash: contentHash,
            parentId: parentId,
            registrant: msg.sender,
            registeredAt: uint40(block.timestamp),
            cid: cid,
            title: title
        });
        if (parentId != 0) _versions[parentId].push(designId);
        emit DesignRegistered(designId, msg.sender, parentId, contentHash, cid, title);
        // Last, because minting calls back a contract recipient (onERC721Received).
        _safeMint(msg.sender, designId);
    }

    /// @inheritdoc IDesignRegistry
    function createLicence(uint256 designId, LicenceTerms calldata terms) external returns (uint256 licenceId) {
        _checkDesignOwner(designId);
        _checkTerms(terms);
        licenceId = ++_licenceCount;
        _licences[licenceId] = Licence({
            designId: designId,
            paymentToken: terms.paymentToken,
            royaltyPerUnit: terms.royaltyPerUnit,
            maxUnits: terms.maxUnits,
            unitsBuilt: 0,
            expiresAt: terms.expiresAt,
            endedAt: 0,
            open: terms.open
        });
        for (uint256 i; i < terms.makers.length; ++i) {
            _licensedMakers[licenceId][terms.makers[i]] = true;
        }
        _designLicences[designId].push(licenceId);
        emit LicenceCreated(licenceId, designId, msg.sender, terms);
    }

    /// @inheritdoc IDesignRegistry
    function endLicence(uint256 licenceId) external {
        Licence storage lic = _knownLicence(licenceId);
        _checkDesignOwner(lic.designId);
        if (lic.endedAt != 0) revert LicenceHasEnded(licenceId, lic.endedAt);
        lic.endedAt = uint40(block.timestamp);
        emit LicenceEnded(licenceId, lic.designId, msg.sender);
    }

    /// @inheritdoc IDesignRegistry
    function checkLicence(uint256 licenceId, address maker, uint64 units)
        public
        view
        returns (address recipient, uint256 royalty)
    {
        Licence storage lic = _knownLicence(licenceId);
        if (lic.endedAt != 0) revert LicenceHasEnded(licenceId, lic.endedAt);
        if (lic.expiresAt != 0 && block.timestamp > lic.expiresAt) revert LicenceExpired(licenceId, lic.expiresAt);
        if (!isLicensedMaker(licenceId, maker)) revert LicenceMakerNotAllowed(licenceId, maker);
        if (units == 0) revert LicenceInvalid("units", "must be greater than zero");
        // unitsBuilt <= maxUnits always holds, so the subtraction cannot underflow.
        if (units > lic.maxUnits - lic.unitsBuilt) revert LicenceCapExceeded(licenceId, lic.unitsBuilt, units, lic.maxUnits);
        recipient = ownerOf(lic.designId);
        royalty = uint256(units) * lic.royaltyPerUnit;
    }

    /// @inheritdoc IDesignRegistry
    function recordUnits(uint256 licenceId, address maker, uint64 units)
        external
        returns (address recipient, uint256 royalty)
    {
        if (msg.sender != _market) revert DesignNotMarket(msg.sender);
        (recipient, royalty) = checkLicence(licenceId, maker, units);
        Licence storage lic = _licences[licenceId];
        // Bounded by maxUnits, checked above.
        uint64 built = lic.unitsBuilt + units;
        lic.unitsBuilt = built;
        emit UnitsRecorded(licenceId, maker, units, built, recipient, royalty);
    }

    /// @inheritdoc IDesignRegistry
    function setMarket(address market_) external onlyOwner {
        _setMarket(market_);
    }

    /// @inheritdoc IDesignRegistry
    function setResaleRoyaltyBps(uint16 resaleRoyaltyBps_) external onlyOwner {
        _setResaleRoyaltyBps(resaleRoyaltyBps_);
    }

    /// @inheritdoc IERC2981
    /// @dev The royalty on a resale of the design token itself, owed to the design's registrant
    /// (see {IDesignRegistry}); reverts with DesignUnknown for an unknown id.
    function royaltyInfo(uint256 tokenId, uint256 salePrice)
        external
        view
        returns (address receiver, uint256 royaltyAmount)
    {
        receiver = _knownDesign(tokenId).registrant;
        royaltyAmount = salePrice * _resaleRoyaltyBps / 10_000;
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view override(ERC721, IERC165) returns (bool) {
        return interfaceId == type(IERC2981).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @inheritdoc IDesignRegistry
    function design(uint256 designId) external view returns (Design memory) {
        return _knownDesign(designId);
    }

    /// @inheritdoc IDesignRegistry
    function versionsOf(uint256 designId) external view returns (uint256[] memory) {
        return _versions[designId];
    }

    /// @inheritdoc IDesignRegistry
    function licence(uint256 licenceId) external view returns (Licence memory) {
        return _knownLicence(licenceId);
    }

    /// @inheritdoc IDesignRegistry
    function licencesOf(uint256 designId) external view returns (uint256[] memory) {
        return _designLicences[designId];
    }

    /// @inheritdoc IDesignRegistry
    function isLicensedMaker(uint256 licenceId, address maker) public view returns (bool) {
        return _licences[licenceId].open || _licensedMakers[licenceId][maker];
    }

    /// @inheritdoc IDesignRegistry
    function designCount() external view returns (uint256) {
        return _designCount;
    }

    /// @inheritdoc IDesignRegistry
    function licenceCount() external view returns (uint256) {
        return _licenceCount;
    }

    /// @inheritdoc IDesignRegistry
    function market() external view returns (address) {
        return _market;
    }

    /// @inheritdoc IDesignRegistry
    function resaleRoyaltyBps() external view returns (uint16) {
        return _resaleRoyaltyBps;
    }

    function _setMarket(address market_) private {
        if (market_.code.length == 0) revert DesignInvalidMarket(market_);
        _market = market_;
        emit MarketSet(market_);
    }

    function _setResaleRoyaltyBps(uint16 resaleRoyaltyBps_) private {
        if (resaleRoyaltyBps_ > _MAX_RESALE_ROYALTY_BPS) {
            revert DesignResaleRoyaltyTooHigh(resaleRoyaltyBps_, _MAX_RESALE_ROYALTY_BPS);
        }
        _resaleRoyaltyBps = resaleRoyaltyBps_;
        emit ResaleRoyaltySet(resaleRoyaltyBps_);
    }

    function _checkDesignOwner(uint256 designId) private view {
        // ERC721 reverts with ERC721NonexistentToken for an unknown id; ours names the design.
        address owner_ = _ownerOf(designId);
        if (owner_ == address(0)) revert DesignUnknown(designId);
        if (owner_ != msg.sender) revert DesignNotOwner(designId, msg.sender);
    }

    function _checkTerms(LicenceTerms calldata terms) private view {
        if (terms.paymentToken == address(0)) revert LicenceInvalid("paymentToken", "must not be zero");
        if (terms.maxUnits == 0) revert LicenceInvalid("maxUnits", "must be greater than zero");
        if (terms.expiresAt != 0 && terms.expiresAt <= block.timestamp) {
            revert LicenceInvalid("expiresAt", "must be in the future, or 0 for no expiry");
        }
        if (terms.open) {
            if (terms.makers.length != 0) revert LicenceInvalid("makers", "must be empty for an open licence");
        } else {
            if (terms.makers.length == 0) revert LicenceInvalid("makers", "must name a maker unless open");
            if (terms.makers.length > _MAX_MAKERS) revert LicenceInvalid("makers", "must name at most 64 makers");
            for (uint256 i; i < terms.makers.length; ++i) {
                if (terms.makers[i] == address(0)) revert LicenceInvalid("makers", "must not contain the zero address");
            }
        }
    }

    function _checkText(string memory field, string calldata text, uint256 max) private pure {
        uint256 length = bytes(text).length;
        if (length == 0) revert DesignInvalid(field, "must not be empty");
        if (length > max) revert DesignInvalid(field, "too long");
    }

    function _knownDesign(uint256 designId) private view returns (Design storage d) {
        d = _designs[designId];
        if (d.registeredAt == 0) revert DesignUnknown(designId);
    }

    function _knownLicence(uint256 licenceId) private view returns (Licence storage lic) {
        lic = _licences[licenceId];
        if (lic.designId == 0) revert LicenceUnknown(licenceId);
    }
}
