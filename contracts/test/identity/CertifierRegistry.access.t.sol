// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessDenied} from "@ethereum-attestation-service/eas-contracts/contracts/Common.sol";
import {
    RevocationRequest,
    RevocationRequestData
} from "@ethereum-attestation-service/eas-contracts/contracts/IEAS.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ICertifierRegistry} from "../../src/identity/interfaces/ICertifierRegistry.sol";
import {IdentityFixture} from "./IdentityFixture.sol";

/// @notice Access matrix: every restricted action (governance on the registry, attesting and revoking on
/// EAS) x every role (governance, an admitted certifier, a stranger). Each cell runs from the same state
/// (snapshot/revert) and checks the exact revert data for the roles that must be refused.
contract CertifierRegistryAccessTest is IdentityFixture {
    enum Role {
        Governance,
        Certifier,
        Stranger
    }

    uint256 internal constant ROLES = 3;
    uint256 internal constant GOV = 1 << 0;
    uint256 internal constant CERT = 1 << 1;
    uint256 internal _cells;
    uint8 internal _kind;

    function _who(uint256 role) internal view returns (address) {
        Role r = Role(role);
        if (r == Role.Governance) return governance;
        if (r == Role.Certifier) return certifier;
        return stranger;
    }

    /// @dev Calls `data` on `target` as each role from the current state; `allowed` is a bit set of roles
    /// that must succeed, `denied(who)` gives the exact revert data for the others.
    function _row(
        address target,
        bytes memory data,
        uint256 allowed,
        function(address) view returns (bytes memory) denied
    ) internal {
        for (uint256 role; role < ROLES; ++role) {
            address who = _who(role);
            uint256 snap = vm.snapshotState();
            vm.prank(who);
            (bool ok, bytes memory ret) = target.call(data);
            if (allowed & (1 << role) != 0) {
                assertTrue(ok, string.concat("allowed role reverted: ", vm.toString(role)));
            } else {
                assertFalse(ok, string.concat("denied role succeeded: ", vm.toString(role)));
                assertEq(ret, denied(who), string.concat("revert data for role ", vm.toString(role)));
            }
            vm.revertToState(snap);
            ++_cells;
        }
    }

    function _notOwner(address who) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, who);
    }

    function _notAdmitted(address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(ICertifierRegistry.CertifierNotAdmitted.selector, who, _kind);
    }

    function _notAttester(address) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(AccessDenied.selector);
    }

    function test_accessMatrix_governance() public {
        _row(address(certifiers), abi.encodeCall(certifiers.admitCertifier, (certifier2, ALL_KINDS)), GOV, _notOwner);
        _row(address(certifiers), abi.encodeCall(certifiers.admitCertifier, (certifier, CERTIFICATION)), GOV, _notOwner);
        _row(address(certifiers), abi.encodeCall(certifiers.removeCertifier, (certifier)), GOV, _notOwner);
        _row(address(certifiers), abi.encodeCall(certifiers.transferOwnership, (stranger)), GOV, _notOwner);
        assertEq(_cells, 4 * ROLES);
    }

    function test_accessMatrix_attest() public {
        uint64 expiry = uint64(block.timestamp) + ONE_YEAR;
        _kind = CERTIFICATION;
        _row(
            address(eas),
            abi.encodeCall(
                eas.attest, (_request(certifiers.certificationSchema(), maker, expiry, _certificationData(ISO_9001)))
            ),
            CERT,
            _notAdmitted
        );
        _kind = CALIBRATION;
        _row(
            address(eas),
            abi.encodeCall(eas.attest, (_request(certifiers.calibrationSchema(), machine, expiry, _calibrationData()))),
            CERT,
            _notAdmitted
        );
        _kind = MATERIAL;
        _row(
            address(eas),
            abi.encodeCall(eas.attest, (_request(certifiers.materialSchema(), maker, 0, _materialData()))),
            CERT,
            _notAdmitted
        );
        assertEq(_cells, 3 * ROLES);
    }

    function test_accessMatrix_revoke() public {
        bytes32 schema = certifiers.certificationSchema();
        bytes32 uid = _certify(certifier, maker, ISO_9001);
        RevocationRequest memory request =
            RevocationRequest({schema: schema, data: RevocationRequestData({uid: uid, value: 0})});
        _row(address(eas), abi.encodeCall(eas.revoke, (request)), CERT, _notAttester);
        assertEq(_cells, ROLES);
    }

    function test_accessMatrix_pendingOwnerMustAccept() public {
        vm.prank(governance);
        certifiers.transferOwnership(stranger);
        // Two-step: until the new owner accepts, governance still rules and the nominee does not.
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        certifiers.admitCertifier(certifier2, CERTIFICATION);
        vm.prank(certifier);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, certifier));
        certifiers.acceptOwnership();
        vm.prank(stranger);
        certifiers.acceptOwnership();
        assertEq(certifiers.owner(), stranger);
        vm.prank(governance);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, governance));
        certifiers.admitCertifier(certifier2, CERTIFICATION);
    }
}
