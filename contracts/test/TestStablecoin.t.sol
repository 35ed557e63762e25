// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {TestStablecoin} from "../src/tokens/TestStablecoin.sol";
import {Test} from "./utils/Test.sol";

contract TestStablecoinTest is Test {
    TestStablecoin internal usd;
    address internal alice;
    uint256 internal aliceKey;
    address internal bob = makeAddr("bob");

    bytes32 private constant _PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    function setUp() public {
        usd = new TestStablecoin();
        (alice, aliceKey) = makeAddrAndKey("alice");
    }

    function test_metadata() public view {
        assertEq(usd.name(), "DIPNET Test USD");
        assertEq(usd.symbol(), "tUSD");
        assertEq(usd.decimals(), 6);
        assertEq(usd.totalSupply(), 0);
        assertEq(usd.FAUCET_LIMIT(), 10_000e6);
    }

    function test_faucet_mintsUpToLimit() public {
        usd.faucet(alice, 10_000e6);
        usd.faucet(alice, 1);
        assertEq(usd.balanceOf(alice), 10_000e6 + 1);
    }

    function test_faucet_revertsAboveLimit() public {
        vm.expectRevert(abi.encodeWithSelector(TestStablecoin.StablecoinFaucetLimit.selector, 10_000e6 + 1, 10_000e6));
        usd.faucet(alice, 10_000e6 + 1);
    }

    function testFuzz_faucet_limit(uint256 amount) public {
        if (amount > 10_000e6) {
            vm.expectRevert(abi.encodeWithSelector(TestStablecoin.StablecoinFaucetLimit.selector, amount, 10_000e6));
        }
        usd.faucet(alice, amount);
        assertEq(usd.balanceOf(alice), amount > 10_000e6 ? 0 : amount);
    }

    function _sign(uint256 value, uint256 nonce, uint256 deadline) internal view returns (uint8, bytes32, bytes32) {
        bytes32 structHash = keccak256(abi.encode(_PERMIT_TYPEHASH, alice, bob, value, nonce, deadline));
        return vm.sign(aliceKey, keccak256(abi.encodePacked("\x19\x01", usd.DOMAIN_SEPARATOR(), structHash)));
    }

    function test_permit_setsAllowanceOnce() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(5e6, 0, block.timestamp);
        usd.permit(alice, bob, 5e6, block.timestamp, v, r, s);
        assertEq(usd.allowance(alice, bob), 5e6);
        assertEq(usd.nonces(alice), 1);
        // Replay on the same chain fails: the nonce moved on, so the recovered signer differs.
        vm.expectRevert();
        usd.permit(alice, bob, 5e6, block.timestamp, v, r, s);
    }

    function test_permit_revertsWhenExpired() public {
        vm.warp(1000);
        (uint8 v, bytes32 r, bytes32 s) = _sign(5e6, 0, 999);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, 999));
        usd.permit(alice, bob, 5e6, 999, v, r, s);
    }

    /// @dev A permit signed for one chain (or one token contract) is useless on another.
    function test_permit_notReplayableOnOtherChainOrContract() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(5e6, 0, block.timestamp);
        TestStablecoin other = new TestStablecoin();
        vm.expectRevert();
        other.permit(alice, bob, 5e6, block.timestamp, v, r, s);
        vm.chainId(block.chainid + 1);
        vm.expectRevert();
        usd.permit(alice, bob, 5e6, block.timestamp, v, r, s);
    }
}
