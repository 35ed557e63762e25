// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title Calendar words: 128 slots per 256-bit word
/// @notice Bit `i` (low half) of word `w` marks slot `128 * w + i` reserved; bit `128 + i` (high
/// half) marks it down. One read and one write per word both checks and updates a slot's two states.
library SlotBitmap {
    uint256 internal constant SLOTS_PER_WORD = 128;
    uint256 internal constant SHIFT = 7; // log2(SLOTS_PER_WORD)
    uint256 internal constant DOWN_SHIFT = 128;

    /// @notice The word holding `slot`.
    function wordOf(uint256 slot) internal pure returns (uint256) {
        return slot >> SHIFT;
    }

    /// @notice Low-half mask of the slots of `[fromSlot, toSlot)` that fall in word `word`
    /// (zero when none do). Requires fromSlot < toSlot.
    function mask(uint256 word, uint256 fromSlot, uint256 toSlot) internal pure returns (uint256) {
        uint256 first = word << SHIFT;
        uint256 end = first + SLOTS_PER_WORD;
        uint256 lo = fromSlot > first ? fromSlot : first;
        uint256 hi = toSlot < end ? toSlot : end;
        if (lo >= hi) return 0;
        // hi - lo <= 128, so the shift never reaches bit 256 and the result fits the low half.
        return ((uint256(1) << (hi - lo)) - 1) << (lo - first);
    }

    /// @notice The first slot of word `word` whose bit is set in the low half of `bits` (bits != 0).
    function firstSlot(uint256 word, uint256 bits) internal pure returns (uint256) {
        uint256 lowest;
        // Wraps on purpose: in two's complement `bits & -bits` isolates the lowest set bit.
        unchecked {
            lowest = bits & (0 - bits);
        }
        return (word << SHIFT) + Math.log2(lowest);
    }
}
