// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {DipnetGovernor} from "../../src/governance/DipnetGovernor.sol";
import {DipnetTimelock} from "../../src/governance/DipnetTimelock.sol";
import {DipToken} from "../../src/governance/DipToken.sol";
import {GovernanceBounds} from "../../src/governance/GovernanceBounds.sol";
import {IOrderMarket} from "../../src/interfaces/IOrderMarket.sol";
import {GovernanceFixture} from "./GovernanceFixture.sol";

/// @dev Lends DIP for the length of one call, as a flash-loan pool would.
contract DipFlashLender {
    IERC20 private immutable _dip;

    constructor(IERC20 dip_) {
        _dip = dip_;
    }

    function flashLoan(uint256 amount, FlashVoter borrower) external {
        uint256 before = _dip.balanceOf(address(this));
        _dip.transfer(address(borrower), amount);
        borrower.onLoan(amount);
        require(_dip.balanceOf(address(this)) == before, "not repaid");
    }
}

/// @dev Borrows DIP, delegates it to itself, votes and repays, all in one transaction.
contract FlashVoter {
    IERC20 private immutable _dip;
    DipnetGovernor private immutable _governor;
    uint256 private _proposalId;

    constructor(IERC20 dip_, DipnetGovernor governor_) {
        (_dip, _governor) = (dip_, governor_);
    }

    function borrowAndVote(DipFlashLender lender, uint256 proposalId, uint256 amount) external {
        _proposalId = proposalId;
        lender.flashLoan(amount, this);
    }

    function onLoan(uint256 amount) external {
        (bool ok,) = address(_dip).call(abi.encodeWithSignature("delegate(address)", address(this)));
        require(ok, "delegate");
        _governor.castVote(_proposalId, 1);
        _dip.transfer(msg.sender, amount);
    }
}

/// @notice A change's whole path (propose, vote, queue, wait, execute) and what the Governor refuses
/// on the way: votes from tokens that moved after the snapshot, double votes, proposals below the
/// threshold, outcomes below quorum, execution before the timelock delay, governance settings changed
/// other than by proposal or outside their bounds.
contract GovernanceLifecycleTest is GovernanceFixture {
    string internal constant FEE_CHANGE = "Raise the market fee to 3 %";

    function _feeChange() internal view returns (bytes memory) {
        IOrderMarket.MarketParameters memory p = market.parameters();
        p.feeBps = 300;
        return abi.encodeCall(market.setParameters, (p));
    }

    function _state(uint256 proposalId) internal view returns (uint8) {
        return uint8(governor.state(proposalId));
    }

    function test_clock_isTheTimestampInTokenAndGovernor() public view {
        assertEq(dip.clock(), block.timestamp);
        assertEq(governor.clock(), block.timestamp);
        assertEq(dip.CLOCK_MODE(), "mode=timestamp");
        assertEq(governor.CLOCK_MODE(), "mode=timestamp");
    }

    function test_feeChange_proposeVoteQueueExecute() public {
        bytes memory call = _feeChange();
        uint256 proposalId = _propose(alice, address(market), call, FEE_CHANGE);
        assertEq(_state(proposalId), uint8(IGovernor.ProposalState.Pending));
        assertEq(governor.proposalSnapshot(proposalId), block.timestamp + VOTING_DELAY, "snapshot in seconds");

        _startVoting(proposalId);
        assertEq(_state(proposalId), uint8(IGovernor.ProposalState.Active));
        _vote(proposalId, alice, FOR);
        _vote(proposalId, bob, AGAINST);
        _vote(proposalId, carol, FOR);
        (uint256 against, uint256 inFavour, uint256 abstain) = governor.proposalVotes(proposalId);
        assertEq(inFavour, ALICE_DIP + CAROL_DIP);
        assertEq(against, BOB_DIP);
        assertEq(abstain, 0);

        _endVoting(proposalId);
        assertEq(_state(proposalId), uint8(IGovernor.ProposalState.Succeeded));
        _queue(address(market), call, FEE_CHANGE);
        assertEq(_state(proposalId), uint8(IGovernor.ProposalState.Queued));
        assertEq(governor.proposalEta(proposalId), block.timestamp + TIMELOCK_DELAY);
        assertEq(market.parameters().feeBps, FEE_BPS, "nothing changes before execution");

        vm.warp(block.timestamp + TIMELOCK_DELAY);
        _execute(address(market), call, FEE_CHANGE);
        assertEq(_state(proposalId), uint8(IGovernor.ProposalState.Executed));
        assertEq(market.parameters().feeBps, 300);
    }

    function test_execute_revertsBeforeTheTimelockDelay() public {
        bytes memory call = _feeChange();
        uint256 proposalId = _propose(alice, address(market), call, FEE_CHANGE);
        _startVoting(proposalId);
        _vote(proposalId, alice, FOR);
        _endVoting(proposalId);
        _queue(address(market), call, FEE_CHANGE);
        vm.warp(block.timestamp + TIMELOCK_DELAY - 1);
        (address[] memory targets, uint256[] memory values, bytes[] memory calls) = _one(address(market), call);
        bytes32 salt = bytes20(address(governor)) ^ keccak256(bytes(FEE_CHANGE));
        bytes32 operation = timelock.hashOperationBatch(targets, values, calls, bytes32(0), salt);
        vm.expectRevert(
            abi.encodeWithSelector(
                TimelockController.TimelockUnexpectedOperationState.selector,
                operation,
                bytes32(1 << uint8(TimelockController.OperationState.Ready))
            )
        );
        governor.execute(targets, values, calls, keccak256(bytes(FEE_CHANGE)));
        vm.warp(block.timestamp + 1);
        governor.execute(targets, values, calls, keccak256(bytes(FEE_CHANGE)));
        assertEq(market.parameters().feeBps, 300);
    }

    function test_execute_revertsUnlessQueued() public {
        bytes memory call = _feeChange();
        uint256 proposalId = _propose(alice, address(market), call, FEE_CHANGE);
        _startVoting(proposalId);
        _vote(proposalId, alice, FOR);
        _endVoting(proposalId);
        vm.warp(block.timestamp + TIMELOCK_DELAY);
        (address[] memory targets, uint256[] memory values, bytes[] memory calls) = _one(address(market), call);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                proposalId,
                IGovernor.ProposalState.Succeeded,
                bytes32(1 << uint8(IGovernor.ProposalState.Queued))
            )
        );
        governor.execute(targets, values, calls, keccak256(bytes(FEE_CHANGE)));
    }

    function test_votes_countAtTheSnapshot_notTokensMovedAfterIt() public {
        uint256 proposalId = _propose(alice, address(market), _feeChange(), FEE_CHANGE);
        _startVoting(proposalId);
        // Bob hands all his DIP to dave after the snapshot, in the block in which both vote.
        vm.prank(bob);
        dip.transfer(dave, BOB_DIP);
        _vote(proposalId, bob, AGAINST);
        _vote(proposalId, dave, FOR);
        (uint256 against, uint256 inFavour,) = governor.proposalVotes(proposalId);
        assertEq(against, BOB_DIP, "bob votes with what he held at the snapshot");
        assertEq(inFavour, DAVE_DIP, "dave's new tokens add nothing");
        assertEq(governor.getVotes(dave, governor.proposalSnapshot(proposalId)), DAVE_DIP);
    }

    function test_votes_flashLoanedTokensAddNoVotes() public {
        DipFlashLender lender = new DipFlashLender(dip);
        FlashVoter voter = new FlashVoter(dip, governor);
        vm.prank(reserve);
        dip.transfer(address(lender), 9_000e18);
        uint256 proposalId = _propose(alice, address(market), _feeChange(), FEE_CHANGE);
        _startVoting(proposalId);

        voter.borrowAndVote(lender, proposalId, 9_000e18);

        assertTrue(governor.hasVoted(proposalId, address(voter)), "the vote was cast");
        (uint256 against, uint256 inFavour, uint256 abstain) = governor.proposalVotes(proposalId);
        assertEq(against + inFavour + abstain, 0, "with no weight");
        assertEq(dip.balanceOf(address(lender)), 9_000e18, "the loan was repaid");
    }

    function test_castVote_revertsOnASecondVote() public {
        uint256 proposalId = _propose(alice, address(market), _feeChange(), FEE_CHANGE);
        _startVoting(proposalId);
        _vote(proposalId, bob, FOR);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, bob));
        vm.prank(bob);
        governor.castVote(proposalId, AGAINST);
    }

    function test_castVote_revertsBeforeVotingStarts() public {
        uint256 proposalId = _propose(alice, address(market), _feeChange(), FEE_CHANGE);
        vm.warp(governor.proposalSnapshot(proposalId));
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                proposalId,
                IGovernor.ProposalState.Pending,
                bytes32(1 << uint8(IGovernor.ProposalState.Active))
            )
        );
        vm.prank(bob);
        governor.castVote(proposalId, FOR);
    }

    function test_propose_revertsBelowTheThreshold() public {
        (address[] memory targets, uint256[] memory values, bytes[] memory calls) = _one(address(market), _feeChange());
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorInsufficientProposerVotes.selector, dave, DAVE_DIP, PROPOSAL_THRESHOLD
            )
        );
        vm.prank(dave);
        governor.propose(targets, values, calls, FEE_CHANGE);
    }

    function test_quorum_isDefeatedBelowAndSucceedsAtQuorum() public {
        uint256 quorum = SUPPLY * QUORUM_PERCENT / 100;
        // Dave holds less than quorum: his vote alone is not enough.
        uint256 lonely = _propose(alice, address(market), _feeChange(), "dave alone");
        _startVoting(lonely);
        assertEq(governor.quorum(governor.proposalSnapshot(lonely)), quorum);
        _vote(lonely, dave, FOR);
        _endVoting(lonely);
        assertEq(_state(lonely), uint8(IGovernor.ProposalState.Defeated));

        // Abstentions count toward quorum, not toward the outcome.
        uint256 counted = _propose(alice, address(market), _feeChange(), "carol abstains");
        _startVoting(counted);
        _vote(counted, dave, FOR);
        _vote(counted, carol, ABSTAIN);
        _endVoting(counted);
        assertEq(_state(counted), uint8(IGovernor.ProposalState.Succeeded));
    }

    function test_majorityAgainst_defeats() public {
        uint256 proposalId = _propose(alice, address(market), _feeChange(), FEE_CHANGE);
        _startVoting(proposalId);
        _vote(proposalId, alice, AGAINST);
        _vote(proposalId, bob, FOR);
        _endVoting(proposalId);
        assertEq(_state(proposalId), uint8(IGovernor.ProposalState.Defeated));
        bytes memory call = _feeChange();
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                proposalId,
                IGovernor.ProposalState.Defeated,
                bytes32(1 << uint8(IGovernor.ProposalState.Succeeded))
            )
        );
        _queue(address(market), call, FEE_CHANGE);
    }

    // --- governance's own settings --------------------------------------------------------------

    function test_governorSettings_changeOnlyByProposal() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, alice));
        vm.prank(alice);
        governor.setVotingPeriod(2 days);
        // The timelock itself changes the Governor only while executing one of the Governor's proposals.
        vm.expectRevert(abi.encodeWithSignature("Panic(uint256)", 0x31));
        vm.prank(address(timelock));
        governor.setVotingPeriod(2 days);
        vm.expectRevert(abi.encodeWithSelector(TimelockController.TimelockUnauthorizedCaller.selector, alice));
        vm.prank(alice);
        timelock.updateDelay(3 days);

        _enact(address(governor), abi.encodeCall(governor.setVotingPeriod, (2 days)), "shorter votes");
        assertEq(governor.votingPeriod(), 2 days);
        _enact(address(governor), abi.encodeCall(governor.updateQuorumNumerator, (10)), "higher quorum");
        assertEq(governor.quorumNumerator(), 10);
        _enact(address(timelock), abi.encodeCall(timelock.updateDelay, (3 days)), "longer delay");
        assertEq(timelock.getMinDelay(), 3 days);
    }

    function test_governorSettings_outOfBoundsProposalsFailAtExecution() public {
        _enactReverts(
            address(governor),
            abi.encodeCall(governor.setVotingPeriod, (0)),
            "no voting",
            _outOfBounds("votingPeriod", 0, GovernanceBounds.MIN_VOTING_PERIOD, GovernanceBounds.MAX_VOTING_PERIOD)
        );
        _enactReverts(
            address(governor),
            abi.encodeCall(governor.updateQuorumNumerator, (51)),
            "huge quorum",
            _outOfBounds("quorumPercent", 51, GovernanceBounds.MIN_QUORUM_PERCENT, GovernanceBounds.MAX_QUORUM_PERCENT)
        );
        _enactReverts(
            address(timelock),
            abi.encodeCall(timelock.updateDelay, (365 days)),
            "a year's delay",
            _outOfBounds(
                "timelockDelay", 365 days, GovernanceBounds.MIN_TIMELOCK_DELAY, GovernanceBounds.MAX_TIMELOCK_DELAY
            )
        );
        _enactReverts(
            address(governor),
            abi.encodeCall(governor.setProposalThreshold, (SUPPLY)),
            "nobody proposes",
            _outOfBounds("proposalThreshold", SUPPLY, 1, SUPPLY / 100)
        );
        _enactReverts(
            address(governor),
            abi.encodeCall(governor.setVotingDelay, (30 days)),
            "a month's wait",
            _outOfBounds("votingDelay", 30 days, GovernanceBounds.MIN_VOTING_DELAY, GovernanceBounds.MAX_VOTING_DELAY)
        );
        assertEq(governor.votingPeriod(), VOTING_PERIOD);
        assertEq(governor.quorumNumerator(), QUORUM_PERCENT);
        assertEq(timelock.getMinDelay(), TIMELOCK_DELAY);
        assertEq(governor.proposalThreshold(), PROPOSAL_THRESHOLD);
        assertEq(governor.votingDelay(), VOTING_DELAY);
    }

    function _outOfBounds(string memory name, uint256 value, uint256 min, uint256 max)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(GovernanceBounds.GovernanceParameterOutOfBounds.selector, name, value, min, max);
    }

    function test_constructors_rejectOutOfBoundsSettings() public {
        vm.expectRevert(
            _outOfBounds("timelockDelay", 0, GovernanceBounds.MIN_TIMELOCK_DELAY, GovernanceBounds.MAX_TIMELOCK_DELAY)
        );
        new DipnetTimelock(0, new address[](0), new address[](0), address(0));
        DipnetGovernor.Settings memory settings = DipnetGovernor.Settings({
            votingDelay: VOTING_DELAY, votingPeriod: 1 hours, proposalThreshold: 1, quorumPercent: QUORUM_PERCENT
        });
        vm.expectRevert(
            _outOfBounds("votingPeriod", 1 hours, GovernanceBounds.MIN_VOTING_PERIOD, GovernanceBounds.MAX_VOTING_PERIOD)
        );
        new DipnetGovernor(dip, timelock, settings);
        settings.votingPeriod = VOTING_PERIOD;
        settings.quorumPercent = 0;
        vm.expectRevert(
            _outOfBounds("quorumPercent", 0, GovernanceBounds.MIN_QUORUM_PERCENT, GovernanceBounds.MAX_QUORUM_PERCENT)
        );
        new DipnetGovernor(dip, timelock, settings);
        settings.quorumPercent = QUORUM_PERCENT;
        settings.proposalThreshold = 0;
        vm.expectRevert(_outOfBounds("proposalThreshold", 0, 1, SUPPLY / 100));
        new DipnetGovernor(dip, timelock, settings);
    }

    // --- the token --------------------------------------------------------------------------------

    function test_constructor_rejectsAMismatchedAllocation() public {
        vm.expectRevert(abi.encodeWithSelector(DipToken.DipAllocationMismatch.selector, 1, 0));
        new DipToken(address(timelock), new address[](1), new uint256[](0));
    }

    function test_mint_onlyByProposal() public {
        vm.expectRevert();
        vm.prank(alice);
        dip.mint(alice, 1);
        _enact(address(dip), abi.encodeCall(dip.mint, (dave, 1_000e18)), "a grant in DIP");
        assertEq(dip.balanceOf(dave), DAVE_DIP + 1_000e18);
        assertEq(dip.totalSupply(), SUPPLY + 1_000e18);
    }
}
