// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {EthereumDIDRegistry} from "ethr-did/EthereumDIDRegistry.sol";
import {Fixture} from "../utils/Fixture.sol";

/// @notice The ERC-1056 registry behind every DIPNET `did:ethr` (source: npm `ethr-did-registry`, reached
/// through the `ethr-did/` remapping). These tests pin the behaviour `ethr-did-resolver` and the SDK rely on:
/// key rotation, delegates that expire, attributes set and revoked, meta-transactions, and the
/// `previousChange` chain the resolver walks backwards through the logs.
contract EthereumDIDRegistryTest is Fixture {
    bytes32 internal constant VERI_KEY = "veriKey";
    bytes32 internal constant SIG_AUTH = "sigAuth";
    bytes32 internal constant SERVICE = "did/svc/DipnetNode";
    bytes32 internal constant PUB_KEY = "did/pub/Ed25519/veriKey/base64";
    uint256 internal constant B0 = 1_000;

    EthereumDIDRegistry internal dids;
    address internal identity;
    uint256 internal identityKey;
    address internal rotatedKey;
    uint256 internal rotatedKeyKey;
    address internal device = makeAddr("device");
    address internal relayer = makeAddr("relayer");

    function setUp() public override {
        super.setUp();
        vm.roll(B0);
        dids = new EthereumDIDRegistry();
        (identity, identityKey) = makeAddrAndKey("factory");
        (rotatedKey, rotatedKeyKey) = makeAddrAndKey("factory-rotated");
    }

    function _digest(bytes memory payload) internal view returns (bytes32) {
        // ERC-1056 meta-transactions: keccak256(0x19 0x00 registry nonce[owner] identity payload)
        uint256 nonce = dids.nonce(dids.identityOwner(identity));
        return keccak256(abi.encodePacked(bytes1(0x19), bytes1(0), address(dids), nonce, identity, payload));
    }

    // --- owner / key rotation --------------------------------------------------------------------

    function test_identityOwner_isTheIdentityUntilChanged() public view {
        assertEq(dids.identityOwner(identity), identity);
        assertEq(dids.changed(identity), 0);
    }

    function test_changeOwner_rotatesKeyAndEmits() public {
        vm.expectEmit(address(dids));
        emit EthereumDIDRegistry.DIDOwnerChanged(identity, rotatedKey, 0);
        vm.prank(identity);
        dids.changeOwner(identity, rotatedKey);

        assertEq(dids.identityOwner(identity), rotatedKey);
        assertEq(dids.changed(identity), B0);

        // The old key lost control; the new one has it.
        vm.prank(identity);
        vm.expectRevert(bytes("bad_actor"));
        dids.addDelegate(identity, VERI_KEY, device, 1 days);
        vm.prank(rotatedKey);
        dids.addDelegate(identity, VERI_KEY, device, 1 days);
        assertTrue(dids.validDelegate(identity, VERI_KEY, device));
    }

    function test_changeOwner_canRotateAgainAndBack() public {
        vm.prank(identity);
        dids.changeOwner(identity, rotatedKey);
        vm.roll(B0 + 5);
        vm.expectEmit(address(dids));
        emit EthereumDIDRegistry.DIDOwnerChanged(identity, identity, B0);
        vm.prank(rotatedKey);
        dids.changeOwner(identity, identity);
        assertEq(dids.identityOwner(identity), identity);
        assertEq(dids.changed(identity), B0 + 5);
    }

    function test_changeOwner_revertsForNonOwner() public {
        vm.prank(stranger);
        vm.expectRevert(bytes("bad_actor"));
        dids.changeOwner(identity, stranger);
        assertEq(dids.identityOwner(identity), identity);
    }

    function test_changeOwnerSigned_rotatesByMetaTransactionOnce() public {
        bytes32 digest = _digest(abi.encodePacked("changeOwner", rotatedKey));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(identityKey, digest);
        vm.prank(relayer);
        dids.changeOwnerSigned(identity, v, r, s, rotatedKey);
        assertEq(dids.identityOwner(identity), rotatedKey);
        assertEq(dids.nonce(identity), 1);

        // Replaying the same signature fails: the signer is no longer the owner, and its nonce moved on.
        vm.prank(relayer);
        vm.expectRevert(bytes("bad_signature"));
        dids.changeOwnerSigned(identity, v, r, s, rotatedKey);
    }

    function test_changeOwnerSigned_revertsForSignatureByNonOwner() public {
        (, uint256 strangerKey) = makeAddrAndKey("stranger");
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(strangerKey, _digest(abi.encodePacked("changeOwner", stranger)));
        vm.expectRevert(bytes("bad_signature"));
        dids.changeOwnerSigned(identity, v, r, s, stranger);
    }

    // --- delegates -------------------------------------------------------------------------------

    function test_addDelegate_validUntilExpiry() public {
        vm.expectEmit(address(dids));
        emit EthereumDIDRegistry.DIDDelegateChanged(identity, VERI_KEY, device, T0 + 1 days, 0);
        vm.prank(identity);
        dids.addDelegate(identity, VERI_KEY, device, 1 days);

        assertTrue(dids.validDelegate(identity, VERI_KEY, device));
        assertFalse(dids.validDelegate(identity, SIG_AUTH, device), "other delegate type");
        assertFalse(dids.validDelegate(identity, VERI_KEY, stranger), "other delegate");
        vm.warp(T0 + 1 days - 1);
        assertTrue(dids.validDelegate(identity, VERI_KEY, device), "last valid second");
        vm.warp(T0 + 1 days);
        assertFalse(dids.validDelegate(identity, VERI_KEY, device), "expired");
    }

    function test_revokeDelegate_endsValidityNow() public {
        vm.prank(identity);
        dids.addDelegate(identity, SIG_AUTH, device, 30 days);
        vm.warp(T0 + 1 hours);
        vm.roll(B0 + 1);
        vm.expectEmit(address(dids));
        emit EthereumDIDRegistry.DIDDelegateChanged(identity, SIG_AUTH, device, T0 + 1 hours, B0);
        vm.prank(identity);
        dids.revokeDelegate(identity, SIG_AUTH, device);
        assertFalse(dids.validDelegate(identity, SIG_AUTH, device));
    }

    function test_delegates_belongToTheIdentityAcrossKeyRotation() public {
        vm.prank(identity);
        dids.addDelegate(identity, VERI_KEY, device, 30 days);
        vm.prank(identity);
        dids.changeOwner(identity, rotatedKey);
        assertTrue(dids.validDelegate(identity, VERI_KEY, device), "delegate survives rotation");

        vm.prank(identity);
        vm.expectRevert(bytes("bad_actor"));
        dids.revokeDelegate(identity, VERI_KEY, device);
        vm.prank(rotatedKey);
        dids.revokeDelegate(identity, VERI_KEY, device);
        assertFalse(dids.validDelegate(identity, VERI_KEY, device));
    }

    function test_addDelegate_revertsForNonOwnerAndDelegate() public {
        vm.prank(stranger);
        vm.expectRevert(bytes("bad_actor"));
        dids.addDelegate(identity, VERI_KEY, stranger, 1 days);

        // A delegate cannot add delegates: only the owner controls the DID document.
        vm.prank(identity);
        dids.addDelegate(identity, SIG_AUTH, device, 1 days);
        vm.prank(device);
        vm.expectRevert(bytes("bad_actor"));
        dids.addDelegate(identity, VERI_KEY, stranger, 1 days);
    }

    function test_addDelegateSigned_addsByMetaTransaction() public {
        bytes32 digest = _digest(abi.encodePacked("addDelegate", VERI_KEY, device, uint256(7 days)));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(identityKey, digest);
        vm.prank(relayer);
        dids.addDelegateSigned(identity, v, r, s, VERI_KEY, device, 7 days);
        assertTrue(dids.validDelegate(identity, VERI_KEY, device));
        assertEq(dids.nonce(identity), 1);
    }

    function testFuzz_validDelegate_trueExactlyBeforeExpiry(uint256 validity, uint256 elapsed) public {
        validity = bound(validity, 1, 10 * 365 days);
        elapsed = bound(elapsed, 0, 20 * 365 days);
        vm.prank(identity);
        dids.addDelegate(identity, VERI_KEY, device, validity);
        vm.warp(T0 + elapsed);
        assertEq(dids.validDelegate(identity, VERI_KEY, device), elapsed < validity);
    }

    // --- attributes ------------------------------------------------------------------------------

    function test_setAttribute_emitsWithValidityAndLinksChanges() public {
        bytes memory endpoint = bytes("https://node.example/api");
        vm.expectEmit(address(dids));
        emit EthereumDIDRegistry.DIDAttributeChanged(identity, SERVICE, endpoint, T0 + 365 days, 0);
        vm.prank(identity);
        dids.setAttribute(identity, SERVICE, endpoint, 365 days);
        assertEq(dids.changed(identity), B0);

        bytes memory key = hex"11223344";
        vm.roll(B0 + 3);
        vm.expectEmit(address(dids));
        emit EthereumDIDRegistry.DIDAttributeChanged(identity, PUB_KEY, key, T0 + 30 days, B0);
        vm.prank(identity);
        dids.setAttribute(identity, PUB_KEY, key, 30 days);
        assertEq(dids.changed(identity), B0 + 3);
    }

    function test_revokeAttribute_emitsZeroValidity() public {
        bytes memory endpoint = bytes("https://node.example/api");
        vm.prank(identity);
        dids.setAttribute(identity, SERVICE, endpoint, 365 days);
        vm.roll(B0 + 1);
        vm.expectEmit(address(dids));
        emit EthereumDIDRegistry.DIDAttributeChanged(identity, SERVICE, endpoint, 0, B0);
        vm.prank(identity);
        dids.revokeAttribute(identity, SERVICE, endpoint);
        assertEq(dids.changed(identity), B0 + 1);
    }

    function test_setAttribute_revertsForNonOwner() public {
        vm.prank(stranger);
        vm.expectRevert(bytes("bad_actor"));
        dids.setAttribute(identity, SERVICE, bytes("https://evil.example"), 1 days);
        vm.prank(stranger);
        vm.expectRevert(bytes("bad_actor"));
        dids.revokeAttribute(identity, SERVICE, bytes("https://node.example/api"));
    }

    function test_setAttributeSigned_setsByMetaTransaction() public {
        bytes memory endpoint = bytes("https://node.example/api");
        bytes32 digest = _digest(abi.encodePacked("setAttribute", SERVICE, endpoint, uint256(1 days)));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(identityKey, digest);
        vm.expectEmit(address(dids));
        emit EthereumDIDRegistry.DIDAttributeChanged(identity, SERVICE, endpoint, T0 + 1 days, 0);
        vm.prank(relayer);
        dids.setAttributeSigned(identity, v, r, s, SERVICE, endpoint, 1 days);
    }
}
