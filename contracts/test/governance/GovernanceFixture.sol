// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {EAS} from "@ethereum-attestation-service/eas-contracts/contracts/EAS.sol";
import {SchemaRegistry} from "@ethereum-attestation-service/eas-contracts/contracts/SchemaRegistry.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {CapacityLedger} from "../../src/CapacityLedger.sol";
import {EvidenceRegistry} from "../../src/evidence/EvidenceRegistry.sol";
import {DipnetGovernor} from "../../src/governance/DipnetGovernor.sol";
import {DipnetTimelock} from "../../src/governance/DipnetTimelock.sol";
import {DipToken} from "../../src/governance/DipToken.sol";
import {CertifierRegistry} from "../../src/identity/CertifierRegistry.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @title The whole DIPNET deployment, handed to its DAO
/// @notice On top of the market suites' cast: the capacity ledger, the evidence registry, EAS and the
/// certifier registry; then DIP (allocated to `alice`, `bob`, `carol` and `dave`, each delegating to
/// itself), the timelock and the Governor. `_handOverToTimelock` is the deployment's last step: the
/// deployer (`governance` of the other suites) points the fee treasury at the timelock, admits it as an
/// arbiter (the escalation of disputes), transfers every owned contract to it, has the timelock accept at once,
/// and gives up every role it held, so afterwards only proposals govern. Helpers run a proposal through each stage.
abstract contract GovernanceFixture is MarketFixture {
    uint48 internal constant VOTING_DELAY = 1 days;
    uint32 internal constant VOTING_PERIOD = 5 days;
    uint256 internal constant PROPOSAL_THRESHOLD = 1_000e18;
    uint256 internal constant QUORUM_PERCENT = 4;
    uint256 internal constant TIMELOCK_DELAY = 2 days;

    uint256 internal constant ALICE_DIP = 400_000e18;
    uint256 internal constant BOB_DIP = 300_000e18;
    uint256 internal constant CAROL_DIP = 290_000e18;
    /// @dev Below the proposal threshold and far below quorum.
    uint256 internal constant DAVE_DIP = 500e18;
    uint256 internal constant SUPPLY = ALICE_DIP + BOB_DIP + CAROL_DIP + DAVE_DIP + 9_500e18;

    uint8 internal constant AGAINST = 0;
    uint8 internal constant FOR = 1;
    uint8 internal constant ABSTAIN = 2;

    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal dave = makeAddr("dave");
    /// @dev Holds the rest of the supply, undelegated: tokens that exist but do not vote.
    address internal reserve = makeAddr("reserve");

    CapacityLedger internal ledger;
    EvidenceRegistry internal evidence;
    CertifierRegistry internal certifiers;
    DipToken internal dip;
    DipnetTimelock internal timelock;
    DipnetGovernor internal governor;

    function setUp() public virtual override {
        super.setUp();
        _deployRest();
        _deployGovernance();
        _handOverToTimelock();
    }

    /// @dev The contracts the market suites do not deploy, configured by the deployer as the SDK does.
    function _deployRest() internal {
        ledger = new CapacityLedger(governance, address(registry));
        evidence = new EvidenceRegistry(address(ledger), address(market));
        EAS eas = new EAS(new SchemaRegistry());
        certifiers = new CertifierRegistry(eas, governance);
        vm.prank(governance);
        market.setCertifierRegistry(address(certifiers));
    }

    function _deployGovernance() internal {
        address[] memory holders = new address[](5);
        (holders[0], holders[1], holders[2], holders[3], holders[4]) = (alice, bob, carol, dave, reserve);
        uint256[] memory amounts = new uint256[](5);
        (amounts[0], amounts[1], amounts[2], amounts[3]) = (ALICE_DIP, BOB_DIP, CAROL_DIP, DAVE_DIP);
        amounts[4] = SUPPLY - ALICE_DIP - BOB_DIP - CAROL_DIP - DAVE_DIP;
        vm.startPrank(governance);
        // The deployer administers the timelock only until the hand-over ends.
        timelock = new DipnetTimelock(TIMELOCK_DELAY, new address[](0), new address[](0), governance);
        dip = new DipToken(address(timelock), holders, amounts);
        governor = new DipnetGovernor(
            dip,
            timelock,
            DipnetGovernor.Settings({
                votingDelay: VOTING_DELAY,
                votingPeriod: VOTING_PERIOD,
                proposalThreshold: PROPOSAL_THRESHOLD,
                quorumPercent: QUORUM_PERCENT
            })
        );
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        timelock.grantRole(timelock.EXECUTOR_ROLE(), address(governor));
        vm.stopPrank();
        for (uint256 i; i < 4; ++i) {
            vm.prank(holders[i]);
            dip.delegate(holders[i]);
        }
        vm.warp(block.timestamp + 1); // the delegations are checkpoints of the past from here on
    }

    /// @notice Every owned contract the deployment holds, which the timelock must own.
    function _ownedContracts() internal view returns (Ownable2Step[] memory owned) {
        owned = new Ownable2Step[](5);
        (owned[0], owned[1], owned[2]) = (market, registry, ledger);
        (owned[3], owned[4]) = (certifiers, dip);
    }

    /// @dev The deployer, still the timelock's admin, offers every owned contract to the timelock and
    /// has it accept at once (`acceptOwnershipOf`), then gives up its admin role.
    function _handOverToTimelock() internal {
        Ownable2Step[] memory owned = _ownedContracts();
        address[] memory pending = new address[](owned.length - 1); // DIP was created owned by the timelock
        vm.startPrank(governance);
        market.setTreasury(address(timelock));
        // Governance is the arbiter of last resort: a proposal can rule a dispute other arbiters leave.
        market.setArbiter(address(timelock), true);
        for (uint256 i; i < pending.length; ++i) {
            owned[i].transferOwnership(address(timelock));
            pending[i] = address(owned[i]);
        }
        timelock.acceptOwnershipOf(pending);
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), governance);
        vm.stopPrank();
    }

    // --- proposals ------------------------------------------------------------------------------

    function _one(address target, bytes memory data)
        internal
        pure
        returns (address[] memory targets, uint256[] memory values, bytes[] memory calls)
    {
        targets = new address[](1);
        values = new uint256[](1);
        calls = new bytes[](1);
        (targets[0], calls[0]) = (target, data);
    }

    function _propose(address proposer, address target, bytes memory data, string memory description)
        internal
        returns (uint256 proposalId)
    {
        (address[] memory targets, uint256[] memory values, bytes[] memory calls) = _one(target, data);
        vm.prank(proposer);
        proposalId = governor.propose(targets, values, calls, description);
    }

    function _vote(uint256 proposalId, address voter, uint8 support) internal {
        vm.prank(voter);
        governor.castVote(proposalId, support);
    }

    /// @dev Moves to the first second of voting.
    function _startVoting(uint256 proposalId) internal {
        vm.warp(governor.proposalSnapshot(proposalId) + 1);
    }

    /// @dev Moves past the end of voting.
    function _endVoting(uint256 proposalId) internal {
        vm.warp(governor.proposalDeadline(proposalId) + 1);
    }

    function _queue(address target, bytes memory data, string memory description) internal {
        (address[] memory targets, uint256[] memory values, bytes[] memory calls) = _one(target, data);
        governor.queue(targets, values, calls, keccak256(bytes(description)));
    }

    function _execute(address target, bytes memory data, string memory description) internal {
        (address[] memory targets, uint256[] memory values, bytes[] memory calls) = _one(target, data);
        governor.execute(targets, values, calls, keccak256(bytes(description)));
    }

    /// @notice Proposes `data` on `target` (by alice), votes it through (alice and bob for), queues it,
    /// waits the timelock delay and executes it: the whole path a change takes.
    function _enact(address target, bytes memory data, string memory description) internal {
        (address[] memory targets,, bytes[] memory calls) = _one(target, data);
        _enactBatch(targets, calls, description);
    }

    /// @notice `_enact` for a proposal of several calls, run in order.
    function _enactBatch(address[] memory targets, bytes[] memory calls, string memory description) internal {
        uint256[] memory values = new uint256[](targets.length);
        bytes32 descriptionHash = keccak256(bytes(description));
        vm.prank(alice);
        uint256 proposalId = governor.propose(targets, values, calls, description);
        _startVoting(proposalId);
        _vote(proposalId, alice, FOR);
        _vote(proposalId, bob, FOR);
        _endVoting(proposalId);
        governor.queue(targets, values, calls, descriptionHash);
        vm.warp(block.timestamp + TIMELOCK_DELAY);
        governor.execute(targets, values, calls, descriptionHash);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Executed), "executed");
    }

    /// @notice Like `_enact`, but returns before execution and expects execution to revert with `reason`.
    function _enactReverts(address target, bytes memory data, string memory description, bytes memory reason)
        internal
    {
        uint256 proposalId = _propose(alice, target, data, description);
        _startVoting(proposalId);
        _vote(proposalId, alice, FOR);
        _endVoting(proposalId);
        _queue(target, data, description);
        vm.warp(block.timestamp + TIMELOCK_DELAY);
        (address[] memory targets, uint256[] memory values, bytes[] memory calls) = _one(target, data);
        vm.expectRevert(reason);
        governor.execute(targets, values, calls, keccak256(bytes(description)));
    }
}
