// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {Vm} from "./Vm.sol";

/// @title Cheatcodes, helpers and assertions without the test-contract marker
/// @notice For invariant handlers and other helpers that need `vm`, `bound` and assertions.
abstract contract TestBase {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    // --- helpers -----------------------------------------------------------------------------

    /// @notice A deterministic labelled address for `name`.
    function makeAddr(string memory name) internal returns (address account) {
        (account,) = makeAddrAndKey(name);
    }

    /// @notice A deterministic labelled address for `name` and its private key.
    function makeAddrAndKey(string memory name) internal returns (address account, uint256 privateKey) {
        privateKey = uint256(keccak256(abi.encodePacked(name)));
        account = vm.addr(privateKey);
        vm.label(account, name);
    }

    /// @notice Maps `x` into `[min, max]`, keeping `x` when already inside and biasing towards the edges
    /// (as forge-std's `bound`): inputs 0..3 map to min..min+3 and max-3..max to the top end.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256 result) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min + 1; // cannot be 0: that would need [0, max uint], where every x is inside
        if (x <= 3 && size > x) return min + x;
        if (x >= type(uint256).max - 3 && size > type(uint256).max - x) return max - (type(uint256).max - x);
        if (x > max) {
            uint256 diff = x - max;
            uint256 rem = diff % size;
            if (rem == 0) return max;
            result = min + rem - 1;
        } else {
            uint256 diff = min - x;
            uint256 rem = diff % size;
            if (rem == 0) return min;
            result = max - rem + 1;
        }
    }

    // --- assertions --------------------------------------------------------------------------

    function fail(string memory message) internal pure {
        revert(message);
    }

    function assertTrue(bool condition) internal pure {
        if (!condition) fail("assertTrue: false");
    }

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) fail(string.concat("assertTrue: false: ", message));
    }

    function assertFalse(bool condition) internal pure {
        if (condition) fail("assertFalse: true");
    }

    function assertFalse(bool condition, string memory message) internal pure {
        if (condition) fail(string.concat("assertFalse: true: ", message));
    }

    function assertEq(bool a, bool b) internal pure {
        assertEq(a, b, "");
    }

    function assertEq(bool a, bool b, string memory message) internal pure {
        if (a != b) fail(_msg("assertEq(bool)", a ? "true" : "false", b ? "true" : "false", message));
    }

    function assertEq(uint256 a, uint256 b) internal pure {
        assertEq(a, b, "");
    }

    function assertEq(uint256 a, uint256 b, string memory message) internal pure {
        if (a != b) fail(_msg("assertEq(uint256)", Strings.toString(a), Strings.toString(b), message));
    }

    function assertEq(int256 a, int256 b) internal pure {
        assertEq(a, b, "");
    }

    function assertEq(int256 a, int256 b, string memory message) internal pure {
        if (a != b) fail(_msg("assertEq(int256)", Strings.toStringSigned(a), Strings.toStringSigned(b), message));
    }

    function assertEq(address a, address b) internal pure {
        assertEq(a, b, "");
    }

    function assertEq(address a, address b, string memory message) internal pure {
        if (a != b) fail(_msg("assertEq(address)", Strings.toHexString(a), Strings.toHexString(b), message));
    }

    function assertEq(bytes32 a, bytes32 b) internal pure {
        assertEq(a, b, "");
    }

    function assertEq(bytes32 a, bytes32 b, string memory message) internal pure {
        if (a != b) {
            fail(
                _msg("assertEq(bytes32)", Strings.toHexString(uint256(a), 32), Strings.toHexString(uint256(b), 32), message)
            );
        }
    }

    function assertEq(string memory a, string memory b) internal pure {
        assertEq(a, b, "");
    }

    function assertEq(string memory a, string memory b, string memory message) internal pure {
        if (keccak256(bytes(a)) != keccak256(bytes(b))) fail(_msg("assertEq(string)", a, b, message));
    }

    function assertEq(bytes memory a, bytes memory b) internal pure {
        assertEq(a, b, "");
    }

    function assertEq(bytes memory a, bytes memory b, string memory message) internal pure {
        if (keccak256(a) != keccak256(b)) fail(_msg("assertEq(bytes)", vm.toString(a), vm.toString(b), message));
    }

    function assertNotEq(uint256 a, uint256 b) internal pure {
        if (a == b) fail(_msg("assertNotEq(uint256)", Strings.toString(a), Strings.toString(b), ""));
    }

    function assertNotEq(bytes32 a, bytes32 b) internal pure {
        if (a == b) fail("assertNotEq(bytes32): both equal");
    }

    function assertNotEq(address a, address b) internal pure {
        if (a == b) fail(_msg("assertNotEq(address)", Strings.toHexString(a), Strings.toHexString(b), ""));
    }

    function assertGe(uint256 a, uint256 b) internal pure {
        assertGe(a, b, "");
    }

    function assertGe(uint256 a, uint256 b, string memory message) internal pure {
        if (a < b) fail(_msg("assertGe(uint256)", Strings.toString(a), Strings.toString(b), message));
    }

    function assertGt(uint256 a, uint256 b) internal pure {
        assertGt(a, b, "");
    }

    function assertGt(uint256 a, uint256 b, string memory message) internal pure {
        if (a <= b) fail(_msg("assertGt(uint256)", Strings.toString(a), Strings.toString(b), message));
    }

    function assertLe(uint256 a, uint256 b) internal pure {
        assertLe(a, b, "");
    }

    function assertLe(uint256 a, uint256 b, string memory message) internal pure {
        if (a > b) fail(_msg("assertLe(uint256)", Strings.toString(a), Strings.toString(b), message));
    }

    function assertLt(uint256 a, uint256 b) internal pure {
        assertLt(a, b, "");
    }

    function assertLt(uint256 a, uint256 b, string memory message) internal pure {
        if (a >= b) fail(_msg("assertLt(uint256)", Strings.toString(a), Strings.toString(b), message));
    }

    function _msg(string memory what, string memory a, string memory b, string memory message)
        private
        pure
        returns (string memory)
    {
        string memory base = string.concat(what, ": left ", a, ", right ", b);
        return bytes(message).length == 0 ? base : string.concat(base, " (", message, ")");
    }
}

/// @title Our small Solidity test base
/// @notice What forge-std's `Test` gives, reduced to what DIPNET's suites use: assertions that
/// revert with a readable message, `bound`, `makeAddr`, and the invariant-target hooks the
/// Hardhat 3 (EDR) invariant runner reads — with forge-std's `StdInvariant` shapes so the runner
/// recognises them.
abstract contract Test is TestBase {
    /// @dev Read by the runner to recognise test contracts (as forge-std's `IS_TEST`). Handlers
    /// must not carry it (the runner will not target a test contract): they extend TestBase.
    bool public constant IS_TEST = true;

    /// @notice Expects the next call, made by `who`, to revert with `revertData`.
    function _expectRevertAs(address who, bytes memory revertData) internal {
        vm.expectRevert(revertData);
        vm.prank(who);
    }

    /// @notice Expects the next call, made by `who`, to revert with the error `selector` (no arguments).
    function _expectRevertAs(address who, bytes4 selector) internal {
        vm.expectRevert(selector);
        vm.prank(who);
    }

    // --- invariant targets (forge-std StdInvariant shapes) -----------------------------------

    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetedContracts;
    FuzzSelector[] private _targetedSelectors;
    address[] private _excludedSenders;
    address[] private _targetedSenders;

    function targetContracts() public view returns (address[] memory) {
        return _targetedContracts;
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetedSelectors;
    }

    function excludeSenders() public view returns (address[] memory) {
        return _excludedSenders;
    }

    function targetSenders() public view returns (address[] memory) {
        return _targetedSenders;
    }

    function targetContract(address target) internal {
        _targetedContracts.push(target);
    }

    function targetSelector(FuzzSelector memory selector) internal {
        _targetedSelectors.push(selector);
    }

    function excludeSender(address sender) internal {
        _excludedSenders.push(sender);
    }

    function targetSender(address sender) internal {
        _targetedSenders.push(sender);
    }

}
