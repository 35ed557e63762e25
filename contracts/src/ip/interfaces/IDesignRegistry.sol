// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title DIPNET design registry
/// @notice Designs as ERC-721 tokens, with their licences to manufacture.
///
/// A designer registers a design (`register`): the token is minted to it and records the hash of
/// the plaintext (`contentHash`, what proves which file was meant), the IPFS CID of its ciphertext,
/// a title, and the block timestamp as evidence of priority. A new version of a design is a token of
/// its own pointing to its parent; only the parent's current owner may add one. Design tokens move
/// by ERC-721 transfer, and with them the right to license the design and to receive its royalties.
///
/// A licence lets makers build a design: its owner sets the terms (`createLicence`: payment token,
/// royalty per unit, the makers allowed or an open licence, a cap on units, an expiry) and may end
/// it for the future (`endLicence`); units already recorded stand. The order market, the only
/// caller of `recordUnits`, checks a licence when it awards an order (`checkLicence`) and meters the
/// order's units against it, then pays the royalty to the design's owner of that moment from the
/// order's escrow.
///
/// ERC-2981 (`royaltyInfo`) answers marketplaces that resell the design token itself: the design's
/// registrant (its author) receives `resaleRoyaltyBps` of the sale price, a rate governance sets
/// for every design. It says nothing about royalties per manufactured unit, which licences carry.
///
/// Governance is the contract's owner (OpenZeppelin Ownable2Step): it sets the market and the
/// resale rate; governance-only functions revert with OwnableUnauthorizedAccount.
interface IDesignRegistry {
    /// @notice A registered design. `parentId` is the design it is a version of (0 for an original);
    /// `registeredAt` the block timestamp of its registration; `registrant` who registered it (its
    /// owner may differ since). `cid` is the IPFS CID of the encrypted file.
    struct Design {
        bytes32 contentHash;
        uint256 parentId;
        address registrant;
        uint40 registeredAt;
        string cid;
        string title;
    }

    /// @notice What a licence allows, as its design's owner wrote it.
    /// @param paymentToken ERC-20 the royalty is paid in.
    /// @param royaltyPerUnit Royalty per unit built, in base units of `paymentToken`.
    /// @param maxUnits Most units ever built under the licence (at least 1).
    /// @param expiresAt Last moment (unix seconds) units may be recorded; 0 for no expiry.
    /// @param open Any maker may build; `makers` must then be empty.
    /// @param makers The makers allowed when not open (1 to 64, no zero address).
    struct LicenceTerms {
        address paymentToken;
        uint96 royaltyPerUnit;
        uint64 maxUnits;
        uint40 expiresAt;
        bool open;
        address[] makers;
    }

    /// @notice A licence as `licence` returns it: its design, terms, the units recorded so far and
    /// when its owner ended it (0 while it runs). The allowed makers are `isLicensedMaker`.
    struct Licence {
        uint256 designId;
        address paymentToken;
        uint96 royaltyPerUnit;
        uint64 maxUnits;
        uint64 unitsBuilt;
        uint40 expiresAt;
        uint40 endedAt;
        bool open;
    }

    /// @notice `registrant` registered design `designId` (a version of `parentId`, 0 for an original).
    event DesignRegistered(
        uint256 indexed designId,
        address indexed registrant,
        uint256 indexed parentId,
        bytes32 contentHash,
        string cid,
        string title
    );
    /// @notice The owner of `designId` created licence `licenceId` with `terms`.
    event LicenceCreated(uint256 indexed licenceId, uint256 indexed designId, address indexed issuer, LicenceTerms terms);
    /// @notice The owner of the design ended licence `licenceId`; no units are recorded after it.
    event LicenceEnded(uint256 indexed licenceId, uint256 indexed designId, address indexed by);
    /// @notice The market recorded `units` built by `maker` under `licenceId` (`unitsBuilt` in all),
    /// owing `royalty` of the licence's token to `recipient`, the design's owner.
    event UnitsRecorded(
        uint256 indexed licenceId,
        address indexed maker,
        uint64 units,
        uint64 unitsBuilt,
        address recipient,
        uint256 royalty
    );
    /// @notice Governance set the market allowed to record units.
    event MarketSet(address market);
    /// @notice Governance set the ERC-2981 resale royalty, in basis points of a sale price.
    event ResaleRoyaltySet(uint16 resaleRoyaltyBps);

    /// @notice No design has id `designId`.
    error DesignUnknown(uint256 designId);
    /// @notice The design field `field` is invalid for `reason`.
    error DesignInvalid(string field, string reason);
    /// @notice Only the owner of design `designId` may do this; `caller` is not.
    error DesignNotOwner(uint256 designId, address caller);
    /// @notice The market address `market` is not a contract.
    error DesignInvalidMarket(address market);
    /// @notice Only the market may record units; `caller` is not it.
    error DesignNotMarket(address caller);
    /// @notice A resale royalty of `resaleRoyaltyBps` is above the most, `maxBps`.
    error DesignResaleRoyaltyTooHigh(uint16 resaleRoyaltyBps, uint16 maxBps);
    /// @notice No licence has id `licenceId`.
    error LicenceUnknown(uint256 licenceId);
    /// @notice The licence field `field` is invalid for `reason`.
    error LicenceInvalid(string field, string reason);
    /// @notice `maker` is not among the makers licence `licenceId` allows.
    error LicenceMakerNotAllowed(uint256 licenceId, address maker);
    /// @notice `units` more would bring licence `licenceId` to more than `maxUnits` (`unitsBuilt` so far).
    error LicenceCapExceeded(uint256 licenceId, uint64 unitsBuilt, uint64 units, uint64 maxUnits);
    /// @notice Licence `licenceId` expired at `expiresAt`.
    error LicenceExpired(uint256 licenceId, uint40 expiresAt);
    /// @notice The design's owner ended licence `licenceId` at `endedAt`.
    error LicenceHasEnded(uint256 licenceId, uint40 endedAt);

    /// @notice Registers a design and mints its token to the caller.
    /// @param contentHash Hash of the plaintext file (e.g. its sha256); not zero.
    /// @param cid IPFS CID of the encrypted file (1 to 128 bytes).
    /// @param title Title (1 to 200 bytes).
    /// @param parentId The design this is a new version of, which the caller must own; 0 for an original.
    /// @return designId The new design's token id (ids start at 1).
    function register(bytes32 contentHash, string calldata cid, string calldata title, uint256 parentId)
        external
        returns (uint256 designId);

    /// @notice Creates a licence of `designId`; only its owner may.
    /// @return licenceId The new licence's id (ids start at 1, across all designs).
    function createLicence(uint256 designId, LicenceTerms calldata terms) external returns (uint256 licenceId);

    /// @notice Ends licence `licenceId` for the future; only the owner of its design may. Units
    /// already recorded stand.
    function endLicence(uint256 licenceId) external;

    /// @notice Checks that `maker` may build `units` more under `licenceId` now, as `recordUnits`
    /// would; reverts with LicenceUnknown, LicenceHasEnded, LicenceExpired, LicenceMakerNotAllowed or
    /// LicenceCapExceeded otherwise.
    /// @return recipient The design's owner, who would receive the royalty.
    /// @return royalty `units * royaltyPerUnit`, in the licence's payment token.
    function checkLicence(uint256 licenceId, address maker, uint64 units)
        external
        view
        returns (address recipient, uint256 royalty);

    /// @notice Meters `units` built by `maker` against `licenceId`, after the checks of
    /// `checkLicence`; only the market may call it, which then owes `royalty` to `recipient` out of
    /// the order's escrow.
    function recordUnits(uint256 licenceId, address maker, uint64 units)
        external
        returns (address recipient, uint256 royalty);

    /// @notice Sets the market allowed to record units (a contract); only governance.
    function setMarket(address market) external;

    /// @notice Sets the ERC-2981 resale royalty (at most 1,000 basis points); only governance.
    function setResaleRoyaltyBps(uint16 resaleRoyaltyBps) external;

    /// @notice Design `designId`; reverts with DesignUnknown for an unknown id.
    function design(uint256 designId) external view returns (Design memory);

    /// @notice The designs registered as versions of `designId`, oldest first.
    function versionsOf(uint256 designId) external view returns (uint256[] memory);

    /// @notice Licence `licenceId`; reverts with LicenceUnknown for an unknown id.
    function licence(uint256 licenceId) external view returns (Licence memory);

    /// @notice The licences of `designId`, oldest first.
    function licencesOf(uint256 designId) external view returns (uint256[] memory);

    /// @notice Whether `maker` may build under `licenceId` (open, or among its makers), whatever its
    /// expiry, end or cap.
    function isLicensedMaker(uint256 licenceId, address maker) external view returns (bool);

    /// @notice Number of designs registered (the last id).
    function designCount() external view returns (uint256);

    /// @notice Number of licences created (the last id).
    function licenceCount() external view returns (uint256);

    /// @notice The market allowed to record units.
    function market() external view returns (address);

    /// @notice The ERC-2981 resale royalty, in basis points of a sale price.
    function resaleRoyaltyBps() external view returns (uint16);
}
