// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title DIPNET participant registry
/// @notice Who is on the network, in which roles, with which public profile and encryption key,
/// and how much stake each manufacturer has posted. Markets lock a bond from that stake for each
/// order they award and slash it when the manufacturer is at fault.
interface IParticipantRegistry {
    /// @notice Role bits a participant can hold. A participant may hold several.
    /// CUSTOMER = 1, MANUFACTURER = 2, INSPECTOR = 4, LOGISTICS = 8 (`libraries/Roles.sol`). Later
    /// roles take the next bits. Manufacturers, inspectors and logistics providers stake alike.
    /// @notice What a market may do: `Active` locks, releases and slashes bonds; `Retired` (an active
    /// market governance removed) only releases and slashes, so the orders it holds still settle.
    enum MarketStatus {
        None,
        Active,
        Retired
    }

    struct Participant {
        uint8 roles;
        uint40 registeredAt;
        bytes32 profileHash;
        bytes32 encryptionKey;
        uint256 stake;
        uint256 locked;
    }

    /// @notice A participant joined with `roles`, a profile (hash + URI) and an X25519 public key.
    event ParticipantRegistered(
        address indexed account, uint8 roles, bytes32 profileHash, string profileURI, bytes32 encryptionKey
    );
    /// @notice A participant changed its profile or encryption key.
    event ProfileUpdated(address indexed account, bytes32 profileHash, string profileURI, bytes32 encryptionKey);
    /// @notice A participant took on more roles; `roles` is the full new set.
    event RolesGranted(address indexed account, uint8 roles);
    /// @notice Stake was posted; `stake` is the account's new total.
    event StakeDeposited(address indexed account, uint256 amount, uint256 stake);
    /// @notice Free stake was taken back; `stake` is the account's new total.
    event StakeWithdrawn(address indexed account, uint256 amount, uint256 stake);
    /// @notice A market locked `amount` of `account`'s stake as the bond for `orderId`.
    event BondLocked(address indexed market, uint256 indexed orderId, address indexed account, uint256 amount);
    /// @notice A market released the bond of `orderId` back to free stake.
    event BondReleased(address indexed market, uint256 indexed orderId, address indexed account, uint256 amount);
    /// @notice A market slashed `amount` of the bond of `orderId` to `beneficiary` (claimable) and released the rest.
    event BondSlashed(
        address indexed market,
        uint256 indexed orderId,
        address indexed account,
        uint256 amount,
        address beneficiary,
        uint256 released
    );
    /// @notice `account` claimed slashed stake awarded to it.
    event SlashClaimed(address indexed account, uint256 amount);
    /// @notice Governance allowed a market (`Active`) or removed it (an active one becomes `Retired`).
    event MarketSet(address indexed market, bool allowed);
    /// @notice Governance chose the stake token (only while nothing is staked).
    event StakeTokenSet(address indexed token);
    /// @notice Governance set the minimum stake a manufacturer needs to bid.
    event MinStakeSet(uint256 minStake);
    /// @notice The guardian is now `guardian` (zero: none). Governance appoints it; it steps down
    /// (zero) when it pauses.
    event GuardianSet(address indexed guardian);
    /// @notice `guardian` paused new RFQs and bids until `until` (a timestamp).
    event NewBusinessPaused(address indexed guardian, uint64 until);
    /// @notice Governance ended the pause of new business early.
    event NewBusinessResumed();

    /// @notice `account` is already registered.
    error RegistryAlreadyRegistered(address account);
    /// @notice `account` is not registered.
    error RegistryNotRegistered(address account);
    /// @notice `account` lacks `role`.
    error RegistryMissingRole(address account, uint8 role);
    /// @notice `roles` is empty or holds unknown bits.
    error RegistryInvalidRoles(uint8 roles);
    /// @notice `account` has `available` free stake where `required` is needed.
    error RegistryInsufficientStake(address account, uint256 available, uint256 required);
    /// @notice `caller` is not an allowed market.
    error RegistryNotMarket(address caller);
    /// @notice Amounts must be greater than zero.
    error RegistryZeroAmount();
    /// @notice `account` has no slashed stake to claim.
    error RegistryNothingToClaim(address account);
    /// @notice The stake token cannot change while `totalStaked` is staked or `unclaimedSlashed` is
    /// owed to slash beneficiaries: both are amounts of the current token.
    error RegistryStakeTokenInUse(uint256 totalStaked, uint256 unclaimedSlashed);
    /// @notice The governance parameter `field` is invalid for `reason`.
    error RegistryInvalidParameter(string field, string reason);
    /// @notice The stake token must be a contract.
    error RegistryInvalidStakeToken(address token);
    /// @notice `market` holds only `held` of `account`'s bonds and cannot release or slash `amount`: a
    /// market settles only the bonds it locked itself.
    error RegistryBondNotHeld(address market, address account, uint256 held, uint256 amount);
    /// @notice Less than the transferred amount arrived (fee-on-transfer tokens cannot be staked).
    error RegistryTransferShortfall(uint256 expected, uint256 received);
    /// @notice `caller` is not the guardian (or there is none).
    error RegistryNotGuardian(address caller);
    /// @notice New RFQs and bids are paused until `until` (a timestamp); live orders go on.
    error RegistryNewBusinessPaused(uint64 until);

    /// @notice Joins the network. `roles` is a bit set (CUSTOMER = 1, MANUFACTURER = 2, INSPECTOR = 4,
    /// LOGISTICS = 8); any other bit reverts RegistryInvalidRoles.
    /// @param profileHash Content hash of the public profile document.
    /// @param profileURI Where the profile document can be fetched.
    /// @param encryptionKey X25519 public key others use to share encrypted files with this participant.
    function register(uint8 roles, bytes32 profileHash, string calldata profileURI, bytes32 encryptionKey) external;

    /// @notice Replaces the caller's profile and encryption key.
    function updateProfile(bytes32 profileHash, string calldata profileURI, bytes32 encryptionKey) external;

    /// @notice Adds `roles` to the caller's roles.
    function grantRoles(uint8 roles) external;

    /// @notice Posts `amount` of the stake token (approve first).
    function depositStake(uint256 amount) external;

    /// @notice Takes back `amount` of free (unlocked) stake.
    function withdrawStake(uint256 amount) external;

    /// @notice Pays out stake slashed to the caller.
    function claimSlashed() external;

    /// @notice Locks `amount` of `account`'s free stake as the bond of `orderId`. Markets only.
    function lockBond(address account, uint256 orderId, uint256 amount) external;

    /// @notice Unlocks the bond `amount` of `orderId`. Active or retired markets only, and only bonds the
    /// calling market locked (`RegistryBondNotHeld`): no market, however governance admits it, can
    /// release or slash stake another market locked.
    function releaseBond(address account, uint256 orderId, uint256 amount) external;

    /// @notice Slashes `slashAmount` of the `bondAmount` bond of `orderId` to `beneficiary` and unlocks the rest.
    /// Active or retired markets only, and only from bonds the calling market locked (`RegistryBondNotHeld`).
    function slashBond(address account, uint256 orderId, uint256 bondAmount, uint256 slashAmount, address beneficiary)
        external;

    /// @notice Allows `market` to lock, release and slash bonds, or removes it: a removed market locks
    /// no new bonds but still releases and slashes, so removing it cannot freeze its orders. A new
    /// market can lock only free stake, which stakers can withdraw while the proposal that adds it
    /// waits out its vote and the timelock delay. At most 255 markets ever. Governance only.
    function setMarket(address market, bool allowed) external;

    /// @notice Chooses the stake token; only while nothing is staked and no slashed stake is unclaimed.
    /// Governance only.
    function setStakeToken(address token) external;

    /// @notice Sets the minimum stake a manufacturer needs to bid, at most `MAX_MIN_STAKE`. Governance only.
    function setMinStake(uint256 minStake) external;

    /// @notice Appoints the guardian (zero: none), who may pause new business once. Governance only.
    function setGuardian(address guardian) external;

    /// @notice Pauses new business — new RFQs and bids (`checkRole` for CUSTOMER, `checkBidder`) —
    /// for `duration` seconds, 1 to `MAX_PAUSE`; a pause already running is never shortened. The
    /// guardian only, and once: it steps down as it pauses, so governance must appoint one again.
    /// It can do nothing else: live orders (award, milestones, shipping, acceptance, disputes,
    /// rulings, cancellations, withdrawals) and stake go on as before.
    function pauseNewBusiness(uint32 duration) external;

    /// @notice Ends a pause of new business early. Governance only.
    function resumeNewBusiness() external;

    /// @notice Reverts with RegistryMissingRole unless `account` holds every bit of `role`. A check
    /// that includes CUSTOMER is the market's gate for a new RFQ: while new business is paused it
    /// reverts RegistryNewBusinessPaused; checks of other roles (a machine's registration) go on.
    function checkRole(address account, uint8 role) external view;

    /// @notice Reverts unless `account` is a manufacturer whose stake meets the minimum and whose
    /// free stake covers `bond`. The market's gate for a bid or sealed commitment: reverts
    /// RegistryNewBusinessPaused while new business is paused.
    function checkBidder(address account, uint256 bond) external view;

    /// @notice Reverts unless `account` holds every bit of `role` (RegistryMissingRole) and its stake
    /// meets the minimum stake (RegistryInsufficientStake): the gate for booking an inspector or a
    /// carrier (`OrderServices`). Booking serves an order already awarded, so the pause of new
    /// business does not apply.
    function checkProvider(address account, uint8 role) external view;

    /// @notice The participant record of `account` (zero roles when unregistered).
    function participant(address account) external view returns (Participant memory);

    /// @notice Whether `account` holds every bit of `role`.
    function hasRole(address account, uint8 role) external view returns (bool);

    /// @notice Stake of `account` not locked in bonds.
    function freeStake(address account) external view returns (uint256);

    /// @notice The part of `account`'s locked stake that `market` locked, the most it can release or slash.
    function bondsHeldBy(address market, address account) external view returns (uint256);

    /// @notice Slashed stake `account` can claim.
    function slashedOf(address account) external view returns (uint256);

    /// @notice The token stake is posted in.
    function stakeToken() external view returns (address);

    /// @notice Minimum stake a manufacturer needs to bid.
    function minStake() external view returns (uint256);

    /// @notice Sum of all posted stake (locked or free), excluding slashed stake not yet claimed.
    function totalStaked() external view returns (uint256);

    /// @notice Whether `market` may lock new bonds (status `Active`).
    function isMarket(address market) external view returns (bool);

    /// @notice What `market` may do with bonds.
    function marketStatus(address market) external view returns (MarketStatus);

    /// @notice Slashed stake awarded to beneficiaries and not yet claimed.
    function unclaimedSlashed() external view returns (uint256);

    /// @notice The guardian (zero: none).
    function guardian() external view returns (address);

    /// @notice Until when new business is paused (a timestamp; paused while `block.timestamp` is
    /// below it, zero when never paused or resumed).
    function pausedUntil() external view returns (uint64);

    /// @notice Longest pause a guardian can set: 3 days.
    function MAX_PAUSE() external view returns (uint32);

    /// @notice Highest minimum stake governance can set: the largest bond or price a market handles
    /// (uint96); above it no manufacturer could bid.
    function MAX_MIN_STAKE() external view returns (uint256);
}
