// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title The cheatcodes our Solidity tests use
/// @notice A subset of Foundry's `Vm` interface, with Foundry's exact signatures, served by
/// Hardhat 3's EDR at `0x7109709ECfa91a80626fF3989D68f67F5b1DD12D`. We keep our own copy because
/// forge-std is not installable offline; add a cheatcode here only with Foundry's signature.
interface Vm {
    // --- environment --------------------------------------------------------------------------
    function warp(uint256 newTimestamp) external;
    function roll(uint256 newHeight) external;
    function chainId(uint256 newChainId) external;
    function deal(address account, uint256 newBalance) external;
    function etch(address target, bytes calldata newRuntimeBytecode) external;
    function label(address account, string calldata newLabel) external;

    // --- callers ------------------------------------------------------------------------------
    function prank(address msgSender) external;
    function prank(address msgSender, address txOrigin) external;
    function startPrank(address msgSender) external;
    function stopPrank() external;

    // --- keys and signatures ------------------------------------------------------------------
    function addr(uint256 privateKey) external pure returns (address keyAddr);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);

    // --- expectations -------------------------------------------------------------------------
    function expectRevert() external;
    function expectRevert(bytes4 revertData) external;
    function expectRevert(bytes calldata revertData) external;
    function expectEmit() external;
    function expectEmit(address emitter) external;
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData) external;
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData, address emitter)
        external;

    // --- logs ---------------------------------------------------------------------------------
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory logs);

    // --- strings ------------------------------------------------------------------------------
    function toString(uint256 value) external pure returns (string memory stringifiedValue);
    function toString(address value) external pure returns (string memory stringifiedValue);
    function toString(bytes calldata value) external pure returns (string memory stringifiedValue);

    // --- fuzzing ------------------------------------------------------------------------------
    function assume(bool condition) external pure;

    // --- state snapshots ----------------------------------------------------------------------
    function snapshotState() external returns (uint256 snapshotId);
    function revertToState(uint256 snapshotId) external returns (bool success);

    // --- gas snapshots (written to `snapshots/<group>.json` by `--snapshot`) ------------------
    function snapshotGasLastCall(string calldata group, string calldata name) external returns (uint256 gasUsed);
    function snapshotValue(string calldata group, string calldata name, uint256 value) external;
    function pauseGasMetering() external;
    function resumeGasMetering() external;
    function lastCallGas() external view returns (Gas memory gas);

    struct Gas {
        uint64 gasLimit;
        uint64 gasTotalUsed;
        uint64 gasMemoryUsed;
        int64 gasRefunded;
        uint64 gasRemaining;
    }
}
