// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

/// @title DIP, the DIPNET governance token
/// @notice ERC-20 with votes (delegation and checkpoints, ERC-5805) and permit (ERC-2612). Its clock
/// is the block timestamp (EIP-6372), and the Governor takes the same clock from it, so every
/// governance window is in seconds. Balances vote only once delegated (to oneself or another).
/// @dev Only the owner (the timelock, so only by proposal) mints after the initial allocation;
/// nothing burns, so a supply-relative bound set once stays within the supply.
contract DipToken is ERC20, ERC20Permit, ERC20Votes, Ownable2Step {
    /// @notice `recipients` and `amounts` of the initial allocation differ in length.
    error DipAllocationMismatch(uint256 recipients, uint256 amounts);

    constructor(address governance, address[] memory recipients, uint256[] memory amounts)
        ERC20("DIPNET Governance", "DIP")
        ERC20Permit("DIPNET Governance")
        Ownable(governance)
    {
        if (recipients.length != amounts.length) revert DipAllocationMismatch(recipients.length, amounts.length);
        for (uint256 i; i < recipients.length; ++i) {
            _mint(recipients[i], amounts[i]);
        }
    }

    /// @notice Mints `amount` to `to`; only the owner (the timelock).
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @inheritdoc Votes
    function clock() public view override returns (uint48) {
        return Time.timestamp();
    }

    /// @inheritdoc Votes
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
