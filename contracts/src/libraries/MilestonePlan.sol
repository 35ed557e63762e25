// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Milestone plans packed into one word
/// @notice A plan is up to MAX_MILESTONES payment shares in basis points, 16 bits each, the
/// first milestone in the lowest bits. Every share is non-zero, so the count is implicit.
library MilestonePlan {
    uint256 internal constant MAX_MILESTONES = 4;
    uint256 internal constant BPS = 10_000;

    /// @notice Why `shares` cannot be a plan, or an empty string when it can.
    function check(uint16[] calldata shares) internal pure returns (string memory) {
        uint256 length = shares.length;
        if (length == 0 || length > MAX_MILESTONES) return "must have 1 to 4 entries";
        uint256 total;
        for (uint256 i; i < length; ++i) {
            if (shares[i] == 0) return "entries must be greater than zero";
            total += shares[i];
        }
        if (total != BPS) return "entries must sum to 10000";
        return "";
    }

    /// @notice Packs checked `shares` into a plan.
    function pack(uint16[] calldata shares) internal pure returns (uint64 plan) {
        for (uint256 i; i < shares.length; ++i) {
            plan |= uint64(shares[i]) << uint64(16 * i);
        }
    }

    /// @notice The share of milestone `index` (zero past the last milestone).
    function share(uint64 plan, uint256 index) internal pure returns (uint256) {
        return (plan >> (16 * index)) & 0xffff;
    }

    /// @notice Number of milestones in `plan`.
    function count(uint64 plan) internal pure returns (uint256 n) {
        while (n < MAX_MILESTONES && share(plan, n) != 0) ++n;
    }

    /// @notice Sum of what the first `released` milestones paid out of `price`.
    function releasedAmount(uint64 plan, uint256 released, uint256 price) internal pure returns (uint256 amount) {
        for (uint256 i; i < released; ++i) {
            amount += price * share(plan, i) / BPS;
        }
    }

    /// @notice The plan as an array of shares.
    function unpack(uint64 plan) internal pure returns (uint16[] memory shares) {
        uint256 n = count(plan);
        shares = new uint16[](n);
        for (uint256 i; i < n; ++i) {
            shares[i] = uint16(share(plan, i));
        }
    }
}
