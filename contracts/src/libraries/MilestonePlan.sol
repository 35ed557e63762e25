// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Milestone plans packed into 48 bits
/// @notice A plan is 1 to MAX_MILESTONES payment shares in basis points summing to BPS. All but the
/// last are stored, 16 bits each, the first milestone in the lowest bits; the last is what remains
/// of BPS. Every share is non-zero, so the count is implicit (an all-zero plan is one milestone).
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
    function pack(uint16[] calldata shares) internal pure returns (uint48 plan) {
        for (uint256 i; i + 1 < shares.length; ++i) {
            plan |= uint48(shares[i]) << uint48(16 * i);
        }
    }

    /// @notice Number of milestones in `plan`.
    function count(uint48 plan) internal pure returns (uint256 n) {
        while (n < MAX_MILESTONES - 1 && _stored(plan, n) != 0) ++n;
        ++n;
    }

    /// @notice The share of milestone `index` when it is released on its own (every milestone but
    /// the last, which acceptance settles); zero otherwise.
    function releasableShare(uint48 plan, uint256 index) internal pure returns (uint256) {
        return index < MAX_MILESTONES - 1 ? _stored(plan, index) : 0;
    }

    /// @notice Sum of what the first `released` milestones paid out of `price`; only milestones before
    /// the last are ever released one by one.
    function releasedAmount(uint48 plan, uint256 released, uint256 price) internal pure returns (uint256 amount) {
        for (uint256 i; i < released; ++i) {
            amount += price * _stored(plan, i) / BPS;
        }
    }

    /// @notice The plan as an array of shares.
    function unpack(uint48 plan) internal pure returns (uint16[] memory shares) {
        uint256 n = count(plan);
        shares = new uint16[](n);
        uint256 rest = BPS;
        for (uint256 i; i + 1 < n; ++i) {
            shares[i] = uint16(_stored(plan, i));
            rest -= shares[i];
        }
        shares[n - 1] = uint16(rest);
    }

    function _stored(uint48 plan, uint256 index) private pure returns (uint256) {
        return (plan >> (16 * index)) & 0xffff;
    }
}
