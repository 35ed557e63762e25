// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {EAS} from "@ethereum-attestation-service/eas-contracts/contracts/EAS.sol";
import {
    AttestationRequest,
    AttestationRequestData,
    RevocationRequest,
    RevocationRequestData
} from "@ethereum-attestation-service/eas-contracts/contracts/IEAS.sol";
import {SchemaRegistry} from "@ethereum-attestation-service/eas-contracts/contracts/SchemaRegistry.sol";
import {CertifierRegistry} from "../../src/identity/CertifierRegistry.sol";
import {CertificationSchemas} from "../../src/identity/libraries/CertificationSchemas.sol";
import {CertifierKinds} from "../../src/identity/libraries/CertifierKinds.sol";
import {Fixture} from "../utils/Fixture.sol";

/// @title Shared set-up for the certification suites
/// @notice Deploys EAS (SchemaRegistry + EAS, compiled by solc 0.8.29: importing them makes this file's
/// compilation job use that compiler) and a `CertifierRegistry` owned by `governance`, which admits
/// `certifier` for every kind and `lab` for calibrations only. Helpers build well-formed attestation data
/// and attest or revoke as any account.
abstract contract IdentityFixture is Fixture {
    uint8 internal constant CERTIFICATION = CertifierKinds.CERTIFICATION;
    uint8 internal constant CALIBRATION = CertifierKinds.CALIBRATION;
    uint8 internal constant MATERIAL = CertifierKinds.MATERIAL;
    uint8 internal constant ALL_KINDS = CertifierKinds.ALL;
    bytes32 internal constant ISO_9001 = CertificationSchemas.ISO_9001;
    bytes32 internal constant AS9100 = CertificationSchemas.AS9100;
    bytes32 internal constant ISO_13485 = CertificationSchemas.ISO_13485;
    uint64 internal constant ONE_YEAR = 365 days;

    SchemaRegistry internal schemaRegistry;
    EAS internal eas;
    CertifierRegistry internal certifiers;

    address internal certifier = makeAddr("certifier");
    address internal certifier2 = makeAddr("certifier2");
    address internal lab = makeAddr("lab");
    address internal machine = makeAddr("machine");

    function setUp() public virtual override {
        super.setUp();
        schemaRegistry = new SchemaRegistry();
        eas = new EAS(schemaRegistry);
        certifiers = new CertifierRegistry(eas, governance);
        vm.startPrank(governance);
        certifiers.admitCertifier(certifier, ALL_KINDS);
        certifiers.admitCertifier(lab, CALIBRATION);
        vm.stopPrank();
    }

    // --- attestation data ------------------------------------------------------------------------

    function _certificationData(bytes32 certificationType) internal pure returns (bytes memory) {
        return abi.encode(
            certificationType, "ISO 9001:2015", "DIP-Q-0001", "CNC machining of aluminium parts", keccak256("cert.pdf")
        );
    }

    function _calibrationData() internal pure returns (bytes memory) {
        return abi.encode("Zeiss Contura CMM", "SN-4711", "CAL-0077", "ISO 10360-2", true, keccak256("cal.pdf"));
    }

    function _materialData() internal pure returns (bytes memory) {
        return abi.encode(
            bytes32("EN 10204 3.1"), "EN AW-6082-T6", "EN 573-3", "H-4711", "MC-0001", keccak256("material.pdf")
        );
    }

    // --- EAS calls -------------------------------------------------------------------------------

    function _request(bytes32 schema, address recipient, uint64 expirationTime, bytes memory data)
        internal
        pure
        returns (AttestationRequest memory)
    {
        return AttestationRequest({
            schema: schema,
            data: AttestationRequestData({
                recipient: recipient,
                expirationTime: expirationTime,
                revocable: true,
                refUID: bytes32(0),
                data: data,
                value: 0
            })
        });
    }

    /// @dev A request to certify `subject` for `certificationType` for one year.
    function _certificationRequest(address subject, bytes32 certificationType)
        internal
        view
        returns (AttestationRequest memory)
    {
        return _request(
            certifiers.certificationSchema(),
            subject,
            uint64(block.timestamp) + ONE_YEAR,
            _certificationData(certificationType)
        );
    }

    function _attest(address attester, AttestationRequest memory request) internal returns (bytes32 uid) {
        vm.prank(attester);
        uid = eas.attest(request);
    }

    /// @dev A certification of `subject` for `certificationType` by `attester`, valid for one year.
    function _certify(address attester, address subject, bytes32 certificationType) internal returns (bytes32) {
        return _attest(attester, _certificationRequest(subject, certificationType));
    }

    function _certify(address attester, address subject, bytes32 certificationType, uint64 expirationTime)
        internal
        returns (bytes32)
    {
        return _attest(
            attester,
            _request(certifiers.certificationSchema(), subject, expirationTime, _certificationData(certificationType))
        );
    }

    function _calibrate(address attester, address instrument) internal returns (bytes32) {
        return _attest(
            attester,
            _request(certifiers.calibrationSchema(), instrument, uint64(block.timestamp) + ONE_YEAR, _calibrationData())
        );
    }

    function _certifyMaterial(address attester, address holder) internal returns (bytes32) {
        return _attest(attester, _request(certifiers.materialSchema(), holder, 0, _materialData()));
    }

    function _revocation(bytes32 schema, bytes32 uid) internal pure returns (RevocationRequest memory) {
        return RevocationRequest({schema: schema, data: RevocationRequestData({uid: uid, value: 0})});
    }

    function _revoke(address revoker, bytes32 schema, bytes32 uid) internal {
        vm.prank(revoker);
        eas.revoke(_revocation(schema, uid));
    }
}
