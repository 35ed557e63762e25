// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title DIPNET participant registry
/// @notice See {IParticipantRegistry}. Owned by governance.
contract ParticipantRegistry is IParticipantRegistry, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    // Roles, stake and bonds share one slot: every bid checks them and every bond touches them.
    // `locked` counts only the bonds of market `bondMarket` (an id, see `MarketEntry`); bonds other
    // markets lock at the same time are kept per market in `_otherBonds`, flagged by `bondsElsewhere`.
    // With one market at a time (the usual case) every bond reads and writes this slot alone.
    struct Record {
        uint8 roles;
        uint40 registeredAt;
        uint8 bondMarket;
        bool bondsElsewhere;
        uint96 stake;
        uint96 locked;
        bytes32 profileHash;
        bytes32 encryptionKey;
    }

    struct MarketEntry {
        MarketStatus status;
        uint8 id;
    }

    mapping(address account => Record) private _records;
    /// @inheritdoc IParticipantRegistry
    uint256 public constant MAX_MIN_STAKE = type(uint96).max;

    mapping(address account => uint256) private _slashed;
    mapping(address market => MarketEntry) private _markets;
    mapping(address account => mapping(address market => uint256)) private _otherBonds;
    mapping(address account => uint256) private _otherBondsTotal;
    uint8 private _marketCount;
    IERC20 private _stakeToken;
    // The minimum stake (at most MAX_MIN_STAKE, a uint96) shares its slot with the end of the pause:
    // every bid reads both, and one cold read serves them.
    uint96 private _minStake;
    uint64 private _pausedUntil;
    address private _guardian;
    /// @inheritdoc IParticipantRegistry
    uint32 public constant MAX_PAUSE = 3 days;
    // It is an invariant that the stake token balance >= _totalStaked + _unclaimedSlashed, and that
    // _unclaimedSlashed == sum of _slashed.
    uint256 private _totalStaked;
    uint256 private _unclaimedSlashed;

    // Locking needs an allowed market; settling also accepts a removed one, which still holds the
    // orders it locked bonds for. A market releases and slashes only bonds it locked itself, so a
    // market governance adds later cannot take stake locked for orders elsewhere.
    // Each bond reads the market's entry and the record's first slot once, into locals.

    constructor(address governance, address stakeToken_, uint256 minStake_) Ownable(governance) {
        _setStakeToken(stakeToken_);
        _setMinStake(minStake_);
    }

    /// @inheritdoc IParticipantRegistry
    function register(uint8 roles, bytes32 profileHash, string calldata profileURI, bytes32 encryptionKey)
        external
    {
        Record storage record = _records[msg.sender];
        if (record.roles != 0) revert RegistryAlreadyRegistered(msg.sender);
        _checkRoles(roles);
        record.roles = roles;
        record.registeredAt = uint40(block.timestamp);
        record.profileHash = profileHash;
        record.encryptionKey = encryptionKey;
        emit ParticipantRegistered(msg.sender, roles, profileHash, profileURI, encryptionKey);
    }

    /// @inheritdoc IParticipantRegistry
    function updateProfile(bytes32 profileHash, string calldata profileURI, bytes32 encryptionKey) external {
        Record storage record = _registered(msg.sender);
        record.profileHash = profileHash;
        record.encryptionKey = encryptionKey;
        emit ProfileUpdated(msg.sender, profileHash, profileURI, encryptionKey);
    }

    /// @inheritdoc IParticipantRegistry
    function grantRoles(uint8 roles) external {
        Record storage record = _registered(msg.sender);
        _checkRoles(roles);
        record.roles |= roles;
        emit RolesGranted(msg.sender, record.roles);
    }

    /// @inheritdoc IParticipantRegistry
    function depositStake(uint256 amount) external nonReentrant {
        Record storage record = _registered(msg.sender);
        if (amount == 0) revert RegistryZeroAmount();
        IERC20 token = _stakeToken;
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert RegistryTransferShortfall(amount, received);
        uint256 stake = record.stake + amount;
        record.stake = SafeCast.toUint96(stake);
        _totalStaked += amount;
        emit StakeDeposited(msg.sender, amount, stake);
    }

    /// @inheritdoc IParticipantRegistry
    function withdrawStake(uint256 amount) external nonReentrant {
        Record storage record = _registered(msg.sender);
        if (amount == 0) revert RegistryZeroAmount();
        uint256 free = record.stake - _lockedOf(msg.sender, record);
        if (amount > free) revert RegistryInsufficientStake(msg.sender, free, amount);
        uint256 stake = record.stake - amount;
        // stake <= the previous stake, which fits.
        record.stake = uint96(stake);
        _totalStaked -= amount;
        emit StakeWithdrawn(msg.sender, amount, stake);
        _stakeToken.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IParticipantRegistry
    function claimSlashed() external nonReentrant {
        uint256 amount = _slashed[msg.sender];
        if (amount == 0) revert RegistryNothingToClaim(msg.sender);
        _slashed[msg.sender] = 0;
        _unclaimedSlashed -= amount;
        emit SlashClaimed(msg.sender, amount);
        _stakeToken.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IParticipantRegistry
    function lockBond(address account, uint256 orderId, uint256 amount) external {
        MarketEntry memory entry = _markets[msg.sender];
        if (entry.status != MarketStatus.Active) revert RegistryNotMarket(msg.sender);
        Record storage record = _records[account];
        (uint256 stake, uint256 locked, uint8 home, bool elsewhere) =
            (record.stake, record.locked, record.bondMarket, record.bondsElsewhere);
        uint256 free = stake - locked - (elsewhere ? _otherBondsTotal[account] : 0);
        if (amount > free) revert RegistryInsufficientStake(account, free, amount);
        // amount <= free <= stake, which fits in uint96.
        if (locked == 0 || home == entry.id) {
            (record.bondMarket, record.locked) = (entry.id, uint96(locked + amount));
        } else {
            _otherBonds[account][msg.sender] += amount;
            _otherBondsTotal[account] += amount;
            record.bondsElsewhere = true;
        }
        emit BondLocked(msg.sender, orderId, account, amount);
    }

    /// @inheritdoc IParticipantRegistry
    function releaseBond(address account, uint256 orderId, uint256 amount) external {
        _unlockBond(account, amount);
        emit BondReleased(msg.sender, orderId, account, amount);
    }

    /// @inheritdoc IParticipantRegistry
    function slashBond(address account, uint256 orderId, uint256 bondAmount, uint256 slashAmount, address beneficiary)
        external
    {
        Record storage record = _unlockBond(account, bondAmount);
        // Checked arithmetic reverts if the market slashes more than the bond or than is staked.
        record.stake -= SafeCast.toUint96(slashAmount);
        _totalStaked -= slashAmount;
        _slashed[beneficiary] += slashAmount;
        _unclaimedSlashed += slashAmount;
        emit BondSlashed(msg.sender, orderId, account, slashAmount, beneficiary, bondAmount - slashAmount);
    }

    /// @inheritdoc IParticipantRegistry
    function setMarket(address market, bool allowed) external onlyOwner {
        MarketEntry storage entry = _markets[market];
        if (allowed) {
            if (entry.id == 0) {
                if (_marketCount == type(uint8).max) {
                    revert RegistryInvalidParameter("market", "at most 255 markets can ever be allowed");
                }
                entry.id = ++_marketCount;
            }
            entry.status = MarketStatus.Active;
        } else if (entry.status == MarketStatus.Active) {
            entry.status = MarketStatus.Retired;
        }
        emit MarketSet(market, allowed);
    }

    /// @inheritdoc IParticipantRegistry
    function setStakeToken(address token) external onlyOwner {
        // Stakes and slashed claims are amounts of the current token: switching under them would
        // pay them in the new token, out of later stakers' deposits.
        if (_totalStaked != 0 || _unclaimedSlashed != 0) {
            revert RegistryStakeTokenInUse(_totalStaked, _unclaimedSlashed);
        }
        _setStakeToken(token);
    }

    /// @inheritdoc IParticipantRegistry
    function setMinStake(uint256 minStake_) external onlyOwner {
        _setMinStake(minStake_);
    }

    /// @inheritdoc IParticipantRegistry
    function setGuardian(address guardian_) external onlyOwner {
        _guardian = guardian_;
        emit GuardianSet(guardian_);
    }

    /// @inheritdoc IParticipantRegistry
    function pauseNewBusiness(uint32 duration) external {
        // With no guardian (zero) nobody passes: no call comes from the zero address.
        if (msg.sender != _guardian) revert RegistryNotGuardian(msg.sender);
        if (duration == 0 || duration > MAX_PAUSE) {
            revert RegistryInvalidParameter("duration", "must be 1 second to MAX_PAUSE (3 days)");
        }
        // One shot: the guardian steps down as it pauses, so only a new proposal can pause again and
        // no guardian can keep the network paused beyond MAX_PAUSE.
        _guardian = address(0);
        emit GuardianSet(address(0));
        uint64 until = uint64(block.timestamp) + duration;
        // A pause only ever lengthens: a guardian never ends one early, only governance does.
        if (until > _pausedUntil) _pausedUntil = until;
        emit NewBusinessPaused(msg.sender, _pausedUntil);
    }

    /// @inheritdoc IParticipantRegistry
    function resumeNewBusiness() external onlyOwner {
        _pausedUntil = 0;
        emit NewBusinessResumed();
    }

    /// @inheritdoc IParticipantRegistry
    function checkRole(address account, uint8 role) external view {
        if (role & Roles.CUSTOMER != 0) _checkNotPaused();
        _checkRole(account, role);
    }

    /// @inheritdoc IParticipantRegistry
    function checkBidder(address account, uint256 bond) external view {
        _checkNotPaused();
        _checkRole(account, Roles.MANUFACTURER);
        Record storage record = _records[account];
        uint256 stake = record.stake;
        if (stake < _minStake) revert RegistryInsufficientStake(account, stake, _minStake);
        uint256 free = stake - _lockedOf(account, record);
        if (free < bond) revert RegistryInsufficientStake(account, free, bond);
    }

    /// @inheritdoc IParticipantRegistry
    function checkProvider(address account, uint8 role) external view {
        _checkRole(account, role);
        uint256 stake = _records[account].stake;
        if (stake < _minStake) revert RegistryInsufficientStake(account, stake, _minStake);
    }

    /// @inheritdoc IParticipantRegistry
    function participant(address account) external view returns (Participant memory) {
        Record storage record = _records[account];
        return Participant({
            roles: record.roles,
            registeredAt: record.registeredAt,
            profileHash: record.profileHash,
            encryptionKey: record.encryptionKey,
            stake: record.stake,
            locked: _lockedOf(account, record)
        });
    }

    /// @inheritdoc IParticipantRegistry
    function hasRole(address account, uint8 role) external view returns (bool) {
        return _records[account].roles & role == role;
    }

    /// @inheritdoc IParticipantRegistry
    function freeStake(address account) external view returns (uint256) {
        Record storage record = _records[account];
        return record.stake - _lockedOf(account, record);
    }

    /// @inheritdoc IParticipantRegistry
    function bondsHeldBy(address market, address account) external view returns (uint256) {
        Record storage record = _records[account];
        uint256 id = _markets[market].id;
        return (id != 0 && record.bondMarket == id ? record.locked : 0) + _otherBonds[account][market];
    }

    /// @inheritdoc IParticipantRegistry
    function slashedOf(address account) external view returns (uint256) {
        return _slashed[account];
    }

    /// @inheritdoc IParticipantRegistry
    function stakeToken() external view returns (address) {
        return address(_stakeToken);
    }

    /// @inheritdoc IParticipantRegistry
    function minStake() external view returns (uint256) {
        return _minStake;
    }

    /// @inheritdoc IParticipantRegistry
    function totalStaked() external view returns (uint256) {
        return _totalStaked;
    }

    /// @inheritdoc IParticipantRegistry
    function isMarket(address market) external view returns (bool) {
        return _markets[market].status == MarketStatus.Active;
    }

    /// @inheritdoc IParticipantRegistry
    function marketStatus(address market) external view returns (MarketStatus) {
        return _markets[market].status;
    }

    /// @inheritdoc IParticipantRegistry
    function unclaimedSlashed() external view returns (uint256) {
        return _unclaimedSlashed;
    }

    /// @inheritdoc IParticipantRegistry
    function guardian() external view returns (address) {
        return _guardian;
    }

    /// @inheritdoc IParticipantRegistry
    function pausedUntil() external view returns (uint64) {
        return _pausedUntil;
    }

    function _setStakeToken(address token) private {
        if (token.code.length == 0) revert RegistryInvalidStakeToken(token);
        _stakeToken = IERC20(token);
        emit StakeTokenSet(token);
    }

    function _setMinStake(uint256 minStake_) private {
        if (minStake_ > MAX_MIN_STAKE) revert RegistryInvalidParameter("minStake", "must be at most MAX_MIN_STAKE");
        // minStake_ <= MAX_MIN_STAKE, a uint96.
        _minStake = uint96(minStake_);
        emit MinStakeSet(minStake_);
    }

    /// @dev Takes `amount` off the bonds the calling market (active or retired) holds for `account`:
    /// first from the record when it is the record's market, the rest from the market's other bonds.
    function _unlockBond(address account, uint256 amount) private returns (Record storage record) {
        MarketEntry memory entry = _markets[msg.sender];
        if (entry.status == MarketStatus.None) revert RegistryNotMarket(msg.sender);
        record = _records[account];
        (uint256 locked, uint8 home) = (record.locked, record.bondMarket);
        uint256 fromRecord = home == entry.id ? locked : 0;
        if (amount <= fromRecord) {
            // amount <= locked, a uint96.
            record.locked = uint96(locked - amount);
            return record;
        }
        uint256 held = _otherBonds[account][msg.sender];
        uint256 rest = amount - fromRecord;
        if (rest > held) revert RegistryBondNotHeld(msg.sender, account, fromRecord + held, amount);
        record.locked = uint96(locked - fromRecord);
        _otherBonds[account][msg.sender] = held - rest;
        uint256 otherTotal = _otherBondsTotal[account] - rest;
        _otherBondsTotal[account] = otherTotal;
        if (otherTotal == 0) record.bondsElsewhere = false;
    }

    /// @dev Every bond of `account`, in whichever market.
    function _lockedOf(address account, Record storage record) private view returns (uint256) {
        (uint256 locked, bool elsewhere) = (record.locked, record.bondsElsewhere);
        return elsewhere ? locked + _otherBondsTotal[account] : locked;
    }

    function _checkRole(address account, uint8 role) private view {
        if (_records[account].roles & role != role) revert RegistryMissingRole(account, role);
    }

    function _checkNotPaused() private view {
        uint64 until = _pausedUntil;
        if (block.timestamp < until) revert RegistryNewBusinessPaused(until);
    }

    function _registered(address account) private view returns (Record storage record) {
        record = _records[account];
        if (record.roles == 0) revert RegistryNotRegistered(account);
    }

    function _checkRoles(uint8 roles) private pure {
        if (roles == 0 || roles & ~Roles.ALL != 0) revert RegistryInvalidRoles(roles);
    }
}
