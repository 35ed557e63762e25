// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Receives HookToken's transfer callback.
interface ITokenHookReceiver {
    function onTokenTransfer(address from, address to, uint256 amount) external;
}

/// @title ERC-20 that calls back into a configurable target on every transfer
/// @notice Models ERC-777/ERC-1363-style hooks: after balances move, `hook.onTokenTransfer` runs,
/// letting an attacker contract try to re-enter whoever moved the tokens. A revert in the hook
/// reverts the transfer. Mints do not call the hook. Tests only.
contract HookToken is ERC20 {
    /// @notice Contract called after each transfer; zero for none.
    address public hook;

    constructor() ERC20("Hook Token", "HOOK") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setHook(address hook_) external {
        hook = hook_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address target = hook;
        if (target != address(0) && from != address(0) && to != address(0)) {
            ITokenHookReceiver(target).onTokenTransfer(from, to, value);
        }
    }
}
