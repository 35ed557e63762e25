// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessDenied} from "@ethereum-attestation-service/eas-contracts/contracts/Common.sol";
import {ICertifierRegistry} from "../../src/identity/interfaces/ICertifierRegistry.sol";
import {AccessMatrix} from "../utils/AccessMatrix.sol";
import {IdentityFixture} from "./IdentityFixture.sol";

/// @notice Access matrix: every restricted action (governance on the registry, attesting and revoking on
/// EAS) x every role (governance, an admitted certifier, a stranger).
contract CertifierRegistryAccessTest is IdentityFixture, AccessMatrix {
    uint256 internal constant ROLES = 3;
    uint256 internal constant GOV = 1 << 0;
    uint256 internal constant CERT = 1 << 1;
    uint8 internal _kind;

    function _roles() internal view override returns (address[] memory roles) {
        roles = new address[](ROLES);
        (roles[0], roles[1], roles[2]) = (governance, certifier, stranger);
    }

    function _notAdmitted(uint256, address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(ICertifierRegistry.CertifierNotAdmitted.selector, who, _kind);
    }

    function _notAttester(uint256, address) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(AccessDenied.selector);
    }

    function test_accessMatrix_governance() public {
        address target = address(certifiers);
        _row(target, abi.encodeCall(certifiers.admitCertifier, (certifier2, ALL_KINDS)), GOV, _notGovernance);
        _row(target, abi.encodeCall(certifiers.admitCertifier, (certifier, CERTIFICATION)), GOV, _notGovernance);
        _row(target, abi.encodeCall(certifiers.removeCertifier, (certifier)), GOV, _notGovernance);
        _row(target, abi.encodeCall(certifiers.transferOwnership, (stranger)), GOV, _notGovernance);
        assertEq(_cells, 4 * ROLES);
    }

    function test_accessMatrix_attest() public {
        uint64 expiry = uint64(block.timestamp) + ONE_YEAR;
        _kind = CERTIFICATION;
        _row(address(eas), abi.encodeCall(eas.attest, (_certificationRequest(maker, ISO_9001))), CERT, _notAdmitted);
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
        bytes32 uid = _certify(certifier, maker, ISO_9001);
        bytes memory revoke = abi.encodeCall(eas.revoke, (_revocation(certifiers.certificationSchema(), uid)));
        _row(address(eas), revoke, CERT, _notAttester);
        assertEq(_cells, ROLES);
    }

    function test_accessMatrix_pendingOwnerMustAccept() public {
        bytes memory admit = abi.encodeCall(certifiers.admitCertifier, (certifier2, CERTIFICATION));
        _assertTwoStepOwnershipTransfer(certifiers, admit);
    }
}
