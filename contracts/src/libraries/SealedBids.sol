// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IOrderMarket} from "../interfaces/IOrderMarket.sol";
import {Balance, OrderRecord} from "../types/OrderRecord.sol";
import {OrderResolution} from "./OrderResolution.sol";

/// @title Sealed bids and their deposits
/// @notice The order market's commit-reveal path (commit, reveal, withdraw, settle an unrevealed
/// deposit), linked to {OrderMarket} as an external library so the market fits EIP-170's code size
/// limit. It runs by DELEGATECALL: in the market's storage, with the market's `msg.sender` and
/// `address(this)`, its events and errors those of {IOrderMarket}, logged by the market.
/// @dev The market resolves the order and checks who may bid first, then passes the order's
/// per-maker mappings (`bids`, `commitments`, `counterOffers` of this order) and `balances`, those
/// of the order's payment token.
library SealedBids {
    using SafeERC20 for IERC20;

    /// @dev See {IOrderMarket-commitBid}.
    function commit(
        OrderRecord storage order,
        mapping(address => IOrderMarket.Bid) storage bids,
        mapping(address => bytes32) storage commitments,
        address token,
        uint16 depositBps,
        uint256 orderId,
        bytes32 commitment
    ) external {
        if (commitment == bytes32(0)) revert IOrderMarket.MarketInvalidBid("commitment", "must not be zero");
        commitments[msg.sender] = commitment;
        IOrderMarket.Bid storage current = bids[msg.sender];
        // A revised commitment keeps the deposit it already holds.
        if (current.state == IOrderMarket.BidState.Committed) {
            emit IOrderMarket.BidCommitted(orderId, msg.sender, commitment, current.deposit);
            return;
        }
        uint96 deposit = uint96(uint256(order.amount) * depositBps / OrderResolution.BPS);
        bids[msg.sender] = IOrderMarket.Bid(0, 0, IOrderMarket.BidState.Committed, deposit);
        emit IOrderMarket.BidCommitted(orderId, msg.sender, commitment, deposit);
        if (deposit != 0) _pullExact(IERC20(token), msg.sender, deposit);
    }

    /// @dev See {IOrderMarket-revealBid}.
    function reveal(
        OrderRecord storage order,
        mapping(address => IOrderMarket.Bid) storage bids,
        mapping(address => bytes32) storage commitments,
        mapping(address => Balance) storage balances,
        uint256 orderId,
        uint96 price,
        uint32 leadTime,
        bytes32 salt
    ) external {
        if (order.stageB == 0) revert IOrderMarket.MarketOpenBidding(orderId);
        if (block.timestamp <= order.stageA || block.timestamp > order.stageB) {
            revert IOrderMarket.MarketRevealWindowClosed(orderId, order.stageA, order.stageB);
        }
        bytes32 commitment = commitments[msg.sender];
        // As {IOrderMarket-bidCommitment}: address(this) is the market.
        bytes32 expected = keccak256(abi.encode(block.chainid, address(this), orderId, msg.sender, price, leadTime, salt));
        if (commitment == bytes32(0) || commitment != expected) {
            revert IOrderMarket.MarketCommitmentMismatch(orderId, msg.sender);
        }
        if (price == 0) revert IOrderMarket.MarketInvalidBid("price", "must be greater than zero");
        if (leadTime == 0) revert IOrderMarket.MarketInvalidBid("leadTime", "must be greater than zero");
        if (price > order.amount) revert IOrderMarket.MarketBidAboveBudget(orderId, price, order.amount);
        delete commitments[msg.sender];
        uint96 deposit = bids[msg.sender].deposit;
        bids[msg.sender] = IOrderMarket.Bid(price, leadTime, IOrderMarket.BidState.Active, 0);
        emit IOrderMarket.BidRevealed(orderId, msg.sender, price, leadTime);
        if (deposit != 0) _returnDeposit(balances, orderId, msg.sender, deposit);
    }

    /// @dev See {IOrderMarket-withdrawBid}; the market checks that bidding is open.
    function withdraw(
        mapping(address => IOrderMarket.Bid) storage bids,
        mapping(address => bytes32) storage commitments,
        mapping(address => IOrderMarket.Bid) storage counterOffers,
        mapping(address => Balance) storage balances,
        uint256 orderId
    ) external {
        IOrderMarket.Bid storage current = bids[msg.sender];
        if (current.state != IOrderMarket.BidState.Active && current.state != IOrderMarket.BidState.Committed) {
            revert IOrderMarket.MarketNoActiveBid(orderId, msg.sender);
        }
        uint96 deposit = current.deposit;
        current.state = IOrderMarket.BidState.Withdrawn;
        current.deposit = 0;
        delete commitments[msg.sender];
        delete counterOffers[msg.sender];
        emit IOrderMarket.BidWithdrawn(orderId, msg.sender);
        // Withdrawing while bidding is open reveals nothing, so the deposit comes back.
        if (deposit != 0) _returnDeposit(balances, orderId, msg.sender, deposit);
    }

    /// @dev See {IOrderMarket-settleCommitDeposit}; `current` is `maker`'s bid on the order.
    function settleDeposit(
        OrderRecord storage order,
        IOrderMarket.Bid storage current,
        mapping(address => Balance) storage balances,
        uint256 orderId,
        address maker
    ) external {
        uint96 deposit = current.deposit;
        if (current.state != IOrderMarket.BidState.Committed || deposit == 0) {
            revert IOrderMarket.MarketNoCommitDeposit(orderId, maker);
        }
        IOrderMarket.Status status = order.status;
        // The RFQ was cancelled before the maker could reveal: no fault, the deposit goes back.
        if (status == IOrderMarket.Status.Cancelled && order.maker == address(0)) {
            current.deposit = 0;
            _returnDeposit(balances, orderId, maker, deposit);
            return;
        }
        // stageB is the reveal end while Open; an awarded order is past it.
        if (status == IOrderMarket.Status.Open && block.timestamp <= order.stageB) {
            revert IOrderMarket.MarketRevealWindowOpen(orderId, order.stageB);
        }
        current.deposit = 0;
        OrderResolution.credit(balances, order.customer, deposit);
        emit IOrderMarket.CommitDepositForfeited(orderId, maker, order.customer, deposit);
    }

    function _returnDeposit(mapping(address => Balance) storage balances, uint256 orderId, address maker, uint96 deposit)
        private
    {
        OrderResolution.credit(balances, maker, deposit);
        emit IOrderMarket.CommitDepositReturned(orderId, maker, deposit);
    }

    /// @dev As the market's own: a fee-on-transfer token cannot fund a deposit.
    function _pullExact(IERC20 token, address from, uint256 amount) private {
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert IOrderMarket.MarketTransferShortfall(address(token), amount, received);
    }
}
