// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {EthereumDIDRegistry} from "ethr-did/EthereumDIDRegistry.sol";
import {CapacityLedger} from "../../src/CapacityLedger.sol";
import {EvidenceRegistry} from "../../src/evidence/EvidenceRegistry.sol";
import {DipToken} from "../../src/governance/DipToken.sol";
import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {ContributionRewards} from "../../src/rewards/ContributionRewards.sol";
import {IContributionRewards} from "../../src/rewards/interfaces/IContributionRewards.sol";
import {IRewardedDidRegistry} from "../../src/rewards/interfaces/IRewardSources.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";
import {RewardedMarketDouble, RewardedServicesDouble} from "./RewardSourcesDouble.sol";

/// @title The market suites' cast plus DIP, the DID and evidence registries and the rewards
/// @notice Orders are real (`market`); the rewards read them through `reads`, which sets the
/// market's value-chain reads per test. `governance` owns the rewards, as before a hand-over; `funder`
/// holds DIP. Epochs last `EPOCH` and claims pay at most `CAP_BPS`; tUSD fees are valued at par
/// (one tUSD of fee = one DIP).
abstract contract RewardsFixture is MarketFixture {
    uint32 internal constant EPOCH = 7 days;
    uint16 internal constant CAP_BPS = 5_000;
    /// @dev One tUSD base unit (1e-6 tUSD) = 1e12 DIP base units: par.
    uint256 internal constant PAR = 1e30;
    uint256 internal constant FUNDER_DIP = 1_000_000_000e18;

    address internal funder = makeAddr("funder");
    address internal inspector = makeAddr("inspector");

    EthereumDIDRegistry internal did;
    EvidenceRegistry internal evidence;
    DipToken internal dip;
    RewardedMarketDouble internal reads;
    RewardedServicesDouble internal services;
    ContributionRewards internal rewards;

    function setUp() public virtual override {
        super.setUp();
        did = new EthereumDIDRegistry();
        evidence = new EvidenceRegistry(address(new CapacityLedger(governance, address(registry))), address(market));
        address[] memory holders = new address[](1);
        holders[0] = funder;
        uint256[] memory amounts = new uint256[](1);
        amounts[0] = FUNDER_DIP;
        dip = new DipToken(governance, holders, amounts);
        reads = new RewardedMarketDouble(market);
        services = new RewardedServicesDouble();
        rewards = _deployRewards(governance);
        vm.prank(governance);
        rewards.setFeeValue(address(usd), PAR);
        vm.prank(funder);
        dip.approve(address(rewards), type(uint256).max);
    }

    function _deployRewards(address owner) internal returns (ContributionRewards) {
        return new ContributionRewards(owner, reads, dip, IRewardedDidRegistry(address(did)), evidence, services, EPOCH, CAP_BPS);
    }

    /// @notice An order of `price` to `maker`, shipped and accepted: Completed.
    function _completedOrder(uint96 price) internal returns (uint256 orderId) {
        orderId = _awardedOrder(_params(), price);
        _ship(orderId);
        _accept(orderId);
    }

    /// @notice The value of a Completed order's fee in DIP base units at par.
    function _value(uint256 price) internal pure returns (uint256) {
        return _fee(price) * PAR / 1e18;
    }

    function _fund(uint256 epoch, uint256 amount) internal {
        vm.prank(funder);
        rewards.fundEpoch(epoch, amount);
    }

    /// @notice Moves to the first second after `epoch`.
    function _endEpoch(uint256 epoch) internal {
        (, uint40 end,) = rewards.epochBounds(epoch);
        if (block.timestamp < end) vm.warp(end);
    }

    function _points(uint256 epoch, address account) internal view returns (uint256) {
        return rewards.getAccount(epoch, account).points;
    }

    function _service(uint256 serviceId, uint256 orderId, address provider, uint256 fee) internal {
        services.set(
            serviceId,
            RewardedServicesDouble.Info({
                kind: 1,
                state: 2,
                orderId: orderId,
                provider: provider,
                token: address(usd),
                fee: fee,
                completedAt: uint40(block.timestamp)
            })
        );
    }

    function _notEligible(uint256 orderId, IOrderMarket.Status status, IOrderMarket.Status required)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(
            IContributionRewards.RewardsOrderNotEligible.selector, orderId, status, required
        );
    }
}
