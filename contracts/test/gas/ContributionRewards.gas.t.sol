// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {RewardsFixture} from "../rewards/RewardsFixture.sol";

/// @title Gas of a reward claim: bounded and independent of how many participants an epoch has
/// @notice A claim reads the account and the epoch's two slots, writes two and transfers DIP,
/// whatever the epoch holds. Measured here as the call's gas (the 21,000 of a transaction come on
/// top; `npm run bench -- gas` prints the whole transaction).
contract ContributionRewardsGasTest is RewardsFixture {
    uint256 internal constant MANY = 12;

    function test_claim_costsTheSameForOneOrManyParticipants() public {
        uint256 one = _claimGasWith(0);
        uint256 many = _claimGasWith(MANY);
        assertEq(one, many, "independent of the participants");
        assertLe(one + 21_000, 80_000, "goal: a claim transaction at most 80 k gas");
    }

    /// @dev The gas of `maker`'s claim in an epoch where `others` other makers earned points too.
    function _claimGasWith(uint256 others) internal returns (uint256) {
        uint256[] memory ids = new uint256[](others + 1);
        ids[0] = _completedOrder(PRICE);
        for (uint256 i; i < others; ++i) {
            address other = makeAddr(string.concat("maker-", vm.toString(i)));
            if (registry.participant(other).roles == 0) _registerMaker(other, MAKER_STAKE);
            ids[i + 1] = _createRfq(_params());
            _bid(ids[i + 1], other, 100e6, LEAD_TIME);
            _award(ids[i + 1], other);
            _ship(ids[i + 1]);
            _accept(ids[i + 1]);
        }
        uint256 epoch = rewards.currentEpoch();
        for (uint256 i; i < ids.length; ++i) rewards.recordOrder(ids[i]);
        _fund(epoch, 1_000e18);
        _endEpoch(epoch);
        // maker holds DIP from an earlier claim or not: give it some, so both runs write a warm balance
        if (dip.balanceOf(maker) == 0) {
            vm.prank(funder);
            dip.transfer(maker, 1);
        }
        vm.prank(maker);
        rewards.claim(epoch);
        return vm.lastCallGas().gasTotalUsed;
    }
}
