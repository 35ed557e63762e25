// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title DIPNET Test USD
/// @notice A 6-decimal stablecoin for local and test networks, with an open faucet.
/// Never deployed to a production network.
contract TestStablecoin is ERC20, ERC20Permit {
    /// @notice Most a single faucet call mints: 10,000 tUSD.
    uint256 public constant FAUCET_LIMIT = 10_000e6;

    /// @notice A faucet call asked for `requested`, above `limit`.
    error StablecoinFaucetLimit(uint256 requested, uint256 limit);

    constructor() ERC20("DIPNET Test USD", "tUSD") ERC20Permit("DIPNET Test USD") {}

    /// @notice Mints `amount` to `to`, at most FAUCET_LIMIT per call.
    function faucet(address to, uint256 amount) external {
        if (amount > FAUCET_LIMIT) revert StablecoinFaucetLimit(amount, FAUCET_LIMIT);
        _mint(to, amount);
    }

    /// @inheritdoc ERC20
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
