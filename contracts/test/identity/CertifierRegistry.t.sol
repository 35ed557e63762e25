// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessDenied, InvalidEAS} from "@ethereum-attestation-service/eas-contracts/contracts/Common.sol";
import {Attestation, AttestationRequest, IEAS} from "@ethereum-attestation-service/eas-contracts/contracts/IEAS.sol";
import {SchemaRecord} from "@ethereum-attestation-service/eas-contracts/contracts/ISchemaRegistry.sol";
import {ISchemaResolver} from "@ethereum-attestation-service/eas-contracts/contracts/resolver/ISchemaResolver.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {CertifierRegistry} from "../../src/identity/CertifierRegistry.sol";
import {ICertifierRegistry} from "../../src/identity/interfaces/ICertifierRegistry.sol";
import {CertificationSchemas} from "../../src/identity/libraries/CertificationSchemas.sol";
import {IdentityFixture} from "./IdentityFixture.sol";

/// @dev Deploys a registry from a fresh account, so its address is predictable (nonce 1).
contract RegistryDeployer {
    function deploy(IEAS eas, address owner) external returns (CertifierRegistry) {
        return new CertifierRegistry(eas, owner);
    }
}

contract CertifierRegistryTest is IdentityFixture {
    /// @dev EAS refuses `request` from `attester`: it is not admitted for `kind`.
    function _assertNotAdmitted(address attester, uint8 kind, AttestationRequest memory request) internal {
        vm.prank(attester);
        vm.expectRevert(abi.encodeWithSelector(ICertifierRegistry.CertifierNotAdmitted.selector, attester, kind));
        eas.attest(request);
    }

    // --- deployment and schemas ------------------------------------------------------------------

    function test_constructor_registersTheThreeSchemasWithItselfAsResolver() public view {
        _assertSchema(certifiers.certificationSchema(), CertificationSchemas.CERTIFICATION);
        _assertSchema(certifiers.calibrationSchema(), CertificationSchemas.CALIBRATION);
        _assertSchema(certifiers.materialSchema(), CertificationSchemas.MATERIAL);
        assertEq(certifiers.eas(), address(eas));
        assertEq(certifiers.owner(), governance);
        assertFalse(certifiers.isPayable());
    }

    function _assertSchema(bytes32 uid, string memory schema) internal view {
        assertEq(uid, keccak256(abi.encodePacked(schema, address(certifiers), true)), "uid formula");
        SchemaRecord memory record = schemaRegistry.getSchema(uid);
        assertEq(record.uid, uid);
        assertEq(record.schema, schema);
        assertEq(address(record.resolver), address(certifiers));
        assertTrue(record.revocable);
    }

    function test_constructor_acceptsSchemasRegisteredBeforehand() public {
        // Someone front-runs the deployment by registering our schemas with the predicted resolver address.
        RegistryDeployer deployer = new RegistryDeployer();
        address predicted = address(
            uint160(uint256(keccak256(abi.encodePacked(bytes1(0xd6), bytes1(0x94), address(deployer), bytes1(0x01)))))
        );
        bytes32 uid = schemaRegistry.register(CertificationSchemas.CERTIFICATION, ISchemaResolver(predicted), true);

        CertifierRegistry deployed = deployer.deploy(eas, governance);
        assertEq(address(deployed), predicted);
        assertEq(deployed.certificationSchema(), uid);
        assertEq(schemaRegistry.getSchema(deployed.materialSchema()).schema, CertificationSchemas.MATERIAL);
    }

    function test_constructor_revertsOnZeroEasOrOwner() public {
        vm.expectRevert(InvalidEAS.selector);
        new CertifierRegistry(IEAS(address(0)), governance);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new CertifierRegistry(eas, address(0));
    }

    // --- admission -------------------------------------------------------------------------------

    function test_admitCertifier_storesKindsAndEmits() public {
        vm.expectEmit(address(certifiers));
        emit ICertifierRegistry.CertifierAdmitted(certifier2, CERTIFICATION | MATERIAL, 1);
        vm.prank(governance);
        certifiers.admitCertifier(certifier2, CERTIFICATION | MATERIAL);

        ICertifierRegistry.Certifier memory record = certifiers.certifier(certifier2);
        assertEq(uint256(record.kinds), CERTIFICATION | MATERIAL);
        assertEq(uint256(record.epoch), 1);
        assertTrue(certifiers.isCertifier(certifier2, CERTIFICATION));
        assertTrue(certifiers.isCertifier(certifier2, CERTIFICATION | MATERIAL));
        assertFalse(certifiers.isCertifier(certifier2, CALIBRATION));
        assertFalse(certifiers.isCertifier(certifier2, CERTIFICATION | CALIBRATION));
        assertFalse(certifiers.isCertifier(certifier2, 0));
        assertFalse(certifiers.isCertifier(stranger, CERTIFICATION));
    }

    function test_admitCertifier_revertsOnInvalidKinds() public {
        uint8[3] memory invalid = [uint8(0), uint8(8), uint8(0xff)];
        for (uint256 i; i < invalid.length; ++i) {
            vm.prank(governance);
            vm.expectRevert(abi.encodeWithSelector(ICertifierRegistry.CertifierInvalidKinds.selector, invalid[i]));
            certifiers.admitCertifier(certifier2, invalid[i]);
        }
    }

    function test_admitCertifier_revertsOnZeroAddress() public {
        vm.prank(governance);
        vm.expectRevert(abi.encodeWithSelector(ICertifierRegistry.CertifierInvalidAddress.selector, address(0)));
        certifiers.admitCertifier(address(0), CERTIFICATION);
    }

    function test_admitCertifier_epochGrowsOnReadmissionAndNarrowingOnly() public {
        vm.startPrank(governance);
        certifiers.admitCertifier(certifier2, CERTIFICATION);
        certifiers.admitCertifier(certifier2, CERTIFICATION | CALIBRATION); // widening
        assertEq(uint256(certifiers.certifier(certifier2).epoch), 1, "widening keeps the epoch");
        certifiers.admitCertifier(certifier2, CALIBRATION); // narrowing
        assertEq(uint256(certifiers.certifier(certifier2).epoch), 2, "narrowing starts an epoch");
        certifiers.removeCertifier(certifier2);
        assertEq(uint256(certifiers.certifier(certifier2).epoch), 2, "removal keeps it");
        assertEq(uint256(certifiers.certifier(certifier2).kinds), 0);
        certifiers.admitCertifier(certifier2, CALIBRATION);
        assertEq(uint256(certifiers.certifier(certifier2).epoch), 3, "readmission starts an epoch");
        vm.stopPrank();
    }

    function test_removeCertifier_emitsAndStopsAttesting() public {
        vm.expectEmit(address(certifiers));
        emit ICertifierRegistry.CertifierRemoved(certifier);
        vm.prank(governance);
        certifiers.removeCertifier(certifier);
        assertFalse(certifiers.isCertifier(certifier, CERTIFICATION));

        _assertNotAdmitted(certifier, CERTIFICATION, _certificationRequest(maker, ISO_9001));
    }

    function test_removeCertifier_revertsWhenUnknown() public {
        vm.prank(governance);
        vm.expectRevert(abi.encodeWithSelector(ICertifierRegistry.CertifierUnknown.selector, stranger));
        certifiers.removeCertifier(stranger);
    }

    // --- resolver: accepted attestations ---------------------------------------------------------

    function test_attest_acceptsCertificationFromAdmittedCertifier() public {
        uint64 expiry = uint64(block.timestamp) + ONE_YEAR;
        vm.expectEmit(true, true, false, true, address(certifiers));
        emit ICertifierRegistry.CertificationRecorded(maker, ISO_9001, bytes32(0), certifier, expiry); // uid unknown yet
        bytes32 uid = _certify(certifier, maker, ISO_9001, expiry);

        assertTrue(eas.isAttestationValid(uid));
        assertTrue(certifiers.hasValidCertification(maker, ISO_9001));
        assertEq(certifiers.validCertification(maker, ISO_9001), uid);
        assertTrue(certifiers.isValidAttestation(uid));
        ICertifierRegistry.CertificationRecord[] memory records = certifiers.certifications(maker, ISO_9001);
        assertEq(records.length, 1);
        assertEq(records[0].uid, uid);
        assertEq(records[0].certifier, certifier);
        assertEq(uint256(records[0].expirationTime), expiry);
        assertEq(uint256(records[0].certifierEpoch), 1);

        // Only that subject and type.
        assertFalse(certifiers.hasValidCertification(maker, AS9100));
        assertFalse(certifiers.hasValidCertification(maker2, ISO_9001));
        assertFalse(certifiers.hasValidCertification(certifier, ISO_9001));
    }

    function test_attest_recordsTheTypeFromTheData() public {
        bytes32 uid = _certify(certifier, maker, ISO_13485);
        Attestation memory attestation = eas.getAttestation(uid);
        (bytes32 certificationType, string memory standard,, string memory scope,) =
            abi.decode(attestation.data, (bytes32, string, string, string, bytes32));
        assertEq(certificationType, ISO_13485);
        assertEq(standard, "ISO 9001:2015");
        assertEq(scope, "CNC machining of aluminium parts");
        assertTrue(certifiers.hasValidCertification(maker, ISO_13485));
        assertFalse(certifiers.hasValidCertification(maker, ISO_9001));
    }

    function test_attest_acceptsCalibrationFromLabAndMaterialWithoutExpiry() public {
        bytes32 calibration = _calibrate(lab, machine);
        bytes32 material = _certifyMaterial(certifier, maker);
        assertTrue(certifiers.isValidAttestation(calibration));
        assertTrue(certifiers.isValidAttestation(material));
        assertEq(uint256(eas.getAttestation(material).expirationTime), 0);
        // Neither is a certification.
        assertFalse(certifiers.hasValidCertification(machine, bytes32(0)));
        assertFalse(certifiers.hasValidCertification(maker, "EN 10204 3.1"));
    }

    // --- resolver: rejected attestations ---------------------------------------------------------

    function test_attest_revertsForNonAdmittedAttester() public {
        AttestationRequest memory request = _certificationRequest(maker, ISO_9001);
        _assertNotAdmitted(stranger, CERTIFICATION, request);
        // Not even the subject itself or governance.
        _assertNotAdmitted(maker, CERTIFICATION, request);
        _assertNotAdmitted(governance, CERTIFICATION, request);
        assertFalse(certifiers.hasValidCertification(maker, ISO_9001));
    }

    function test_attest_revertsForCertifierOfAnotherKind() public {
        // The calibration lab may not certify management systems or materials.
        _assertNotAdmitted(lab, CERTIFICATION, _certificationRequest(maker, ISO_9001));
        _assertNotAdmitted(lab, MATERIAL, _request(certifiers.materialSchema(), maker, 0, _materialData()));
    }

    function test_attest_revertsOnForeignSchemaNamingThisResolver() public {
        bytes32 foreign = schemaRegistry.register("bool certified", ISchemaResolver(address(certifiers)), true);
        AttestationRequest memory request = _request(foreign, maker, 0, abi.encode(true));
        vm.prank(certifier);
        vm.expectRevert(abi.encodeWithSelector(ICertifierRegistry.CertifierUnknownSchema.selector, foreign));
        eas.attest(request);
    }

    function test_attest_revertsWithoutExpiration() public {
        bytes32 schema = certifiers.certificationSchema();
        AttestationRequest memory request = _request(schema, maker, 0, _certificationData(ISO_9001));
        vm.prank(certifier);
        vm.expectRevert(abi.encodeWithSelector(ICertifierRegistry.CertifierExpirationRequired.selector, schema));
        eas.attest(request);

        schema = certifiers.calibrationSchema();
        request = _request(schema, machine, 0, _calibrationData());
        vm.prank(lab);
        vm.expectRevert(abi.encodeWithSelector(ICertifierRegistry.CertifierExpirationRequired.selector, schema));
        eas.attest(request);
    }

    function test_attest_revertsWhenIrrevocable() public {
        bytes32 schema = certifiers.certificationSchema();
        AttestationRequest memory request = _certificationRequest(maker, ISO_9001);
        request.data.revocable = false;
        vm.prank(certifier);
        vm.expectRevert(abi.encodeWithSelector(ICertifierRegistry.CertifierNotRevocable.selector, schema));
        eas.attest(request);
    }

    function test_attest_revertsOnZeroRecipient() public {
        bytes32 schema = certifiers.materialSchema();
        AttestationRequest memory request = _request(schema, address(0), 0, _materialData());
        vm.prank(certifier);
        vm.expectRevert(abi.encodeWithSelector(ICertifierRegistry.CertifierInvalidRecipient.selector, schema));
        eas.attest(request);
    }

    function test_attest_revertsOnMalformedData() public {
        uint64 expiry = uint64(block.timestamp) + ONE_YEAR;
        bytes32 schema = certifiers.certificationSchema();
        bytes memory invalid = abi.encodeWithSelector(ICertifierRegistry.CertifierInvalidData.selector, schema);

        AttestationRequest memory request = _request(schema, maker, expiry, abi.encode(ISO_9001)); // too short
        vm.prank(certifier);
        vm.expectRevert(invalid);
        eas.attest(request);

        request = _request(schema, maker, expiry, _certificationData(bytes32(0))); // no type
        vm.prank(certifier);
        vm.expectRevert(invalid);
        eas.attest(request);

        schema = certifiers.materialSchema();
        request = _request(schema, maker, 0, abi.encode(bytes32(0), "", "", "", "", bytes32(0)));
        vm.prank(certifier);
        vm.expectRevert(abi.encodeWithSelector(ICertifierRegistry.CertifierInvalidData.selector, schema));
        eas.attest(request);

        schema = certifiers.calibrationSchema();
        request = _request(schema, machine, expiry, abi.encode("CMM", "SN", "CAL")); // wrong shape
        vm.prank(lab);
        vm.expectRevert(abi.encodeWithSelector(ICertifierRegistry.CertifierInvalidData.selector, schema));
        eas.attest(request);
    }

    function test_resolverCallbacks_onlyFromEas() public {
        Attestation memory attestation;
        vm.prank(certifier);
        vm.expectRevert(AccessDenied.selector);
        certifiers.attest(attestation);
        vm.prank(certifier);
        vm.expectRevert(AccessDenied.selector);
        certifiers.revoke(attestation);
    }

    // --- expiry ----------------------------------------------------------------------------------

    function test_hasValidCertification_falseFromExpirationTime() public {
        uint64 expiry = uint64(T0) + 90 days;
        bytes32 uid = _certify(certifier, maker, AS9100, expiry);
        vm.warp(expiry - 1);
        assertTrue(certifiers.hasValidCertification(maker, AS9100));
        assertTrue(certifiers.isValidAttestation(uid));
        vm.warp(expiry);
        assertFalse(certifiers.hasValidCertification(maker, AS9100));
        assertEq(certifiers.validCertification(maker, AS9100), bytes32(0));
        assertFalse(certifiers.isValidAttestation(uid));
    }

    function testFuzz_hasValidCertification_honoursExpiry(uint256 lifetime, uint256 elapsed) public {
        lifetime = bound(lifetime, 1, 10 * 365 days);
        elapsed = bound(elapsed, 0, 20 * 365 days);
        _certify(certifier, maker, ISO_9001, uint64(T0 + lifetime));
        vm.warp(T0 + elapsed);
        assertEq(certifiers.hasValidCertification(maker, ISO_9001), elapsed < lifetime);
    }

    function test_calibration_invalidAfterDueDate() public {
        bytes32 uid = _calibrate(lab, machine);
        vm.warp(T0 + ONE_YEAR);
        assertFalse(certifiers.isValidAttestation(uid));
    }

    function test_renewal_keepsTheSubjectCertifiedAcrossExpiry() public {
        _certify(certifier, maker, ISO_9001, uint64(T0) + 30 days);
        vm.warp(T0 + 20 days);
        bytes32 renewed = _certify(certifier, maker, ISO_9001, uint64(T0) + 30 days + ONE_YEAR);
        vm.warp(T0 + 30 days);
        assertEq(certifiers.validCertification(maker, ISO_9001), renewed);
    }

    // --- revocation ------------------------------------------------------------------------------

    function test_revoke_makesCertificationInvalidAndLeavesTheIndex() public {
        bytes32 schema = certifiers.certificationSchema();
        bytes32 uid = _certify(certifier, maker, ISO_9001);

        vm.expectEmit(address(certifiers));
        emit ICertifierRegistry.CertificationRevoked(maker, ISO_9001, uid);
        _revoke(certifier, schema, uid);

        assertFalse(certifiers.hasValidCertification(maker, ISO_9001));
        assertFalse(certifiers.isValidAttestation(uid));
        assertEq(certifiers.certifications(maker, ISO_9001).length, 0);
        assertGt(uint256(eas.getAttestation(uid).revocationTime), 0);
    }

    function test_revoke_onlyByTheAttester() public {
        bytes32 schema = certifiers.certificationSchema();
        bytes32 uid = _certify(certifier, maker, ISO_9001);
        vm.prank(governance);
        vm.expectRevert(AccessDenied.selector);
        eas.revoke(_revocation(schema, uid));
        vm.prank(maker);
        vm.expectRevert(AccessDenied.selector);
        eas.revoke(_revocation(schema, uid));
        assertTrue(certifiers.hasValidCertification(maker, ISO_9001));
    }

    function test_revoke_keepsOtherCertificationsOfTheSameType() public {
        bytes32 schema = certifiers.certificationSchema();
        vm.prank(governance);
        certifiers.admitCertifier(certifier2, CERTIFICATION);
        bytes32 first = _certify(certifier, maker, ISO_9001);
        bytes32 second = _certify(certifier2, maker, ISO_9001);
        assertEq(certifiers.validCertification(maker, ISO_9001), second, "latest first");
        _revoke(certifier2, schema, second);
        assertEq(certifiers.validCertification(maker, ISO_9001), first);
        _revoke(certifier, schema, first);
        assertFalse(certifiers.hasValidCertification(maker, ISO_9001));
    }

    function test_revoke_allowedForRemovedCertifier() public {
        bytes32 schema = certifiers.calibrationSchema();
        bytes32 uid = _calibrate(lab, machine);
        vm.prank(governance);
        certifiers.removeCertifier(lab);
        _revoke(lab, schema, uid);
        assertGt(uint256(eas.getAttestation(uid).revocationTime), 0);
    }

    function test_revoke_materialAndCalibrationBecomeInvalid() public {
        bytes32 material = _certifyMaterial(certifier, maker);
        bytes32 calibration = _calibrate(lab, machine);
        _revoke(certifier, certifiers.materialSchema(), material);
        _revoke(lab, certifiers.calibrationSchema(), calibration);
        assertFalse(certifiers.isValidAttestation(material));
        assertFalse(certifiers.isValidAttestation(calibration));
    }

    // --- certifier removal, narrowing, readmission -----------------------------------------------

    function test_removeCertifier_invalidatesWhatItIssuedEvenAfterReadmission() public {
        bytes32 certification = _certify(certifier, maker, ISO_9001);
        bytes32 material = _certifyMaterial(certifier, maker);
        vm.prank(governance);
        certifiers.removeCertifier(certifier);
        assertFalse(certifiers.hasValidCertification(maker, ISO_9001));
        assertFalse(certifiers.isValidAttestation(certification));
        assertFalse(certifiers.isValidAttestation(material));

        vm.prank(governance);
        certifiers.admitCertifier(certifier, ALL_KINDS);
        assertFalse(certifiers.hasValidCertification(maker, ISO_9001), "not revived");
        assertFalse(certifiers.isValidAttestation(certification), "not revived");
        assertFalse(certifiers.isValidAttestation(material), "not revived");

        bytes32 reissued = _certify(certifier, maker, ISO_9001);
        assertEq(certifiers.validCertification(maker, ISO_9001), reissued);
        assertEq(certifiers.certifications(maker, ISO_9001).length, 1, "the old one was pruned");
    }

    function test_admitCertifier_narrowingInvalidatesWideningKeeps() public {
        bytes32 certification = _certify(certifier, maker, ISO_9001);
        bytes32 calibration = _calibrate(lab, machine);

        vm.prank(governance);
        certifiers.admitCertifier(lab, CALIBRATION | MATERIAL); // widening
        assertTrue(certifiers.isValidAttestation(calibration));

        vm.prank(governance);
        certifiers.admitCertifier(certifier, CERTIFICATION); // narrowing
        assertFalse(certifiers.hasValidCertification(maker, ISO_9001));
        assertFalse(certifiers.isValidAttestation(certification));
    }

    function test_removeCertifier_leavesOtherCertifiersCertifications() public {
        vm.prank(governance);
        certifiers.admitCertifier(certifier2, CERTIFICATION);
        bytes32 kept = _certify(certifier2, maker, ISO_9001);
        _certify(certifier, maker, ISO_9001);
        vm.prank(governance);
        certifiers.removeCertifier(certifier);
        assertEq(certifiers.validCertification(maker, ISO_9001), kept);
    }

    // --- index bound -----------------------------------------------------------------------------

    function test_attest_revertsBeyondMaxLiveCertifications() public {
        uint256 max = certifiers.MAX_CERTIFICATIONS_PER_TYPE();
        for (uint256 i; i < max; ++i) {
            _certify(certifier, maker, ISO_9001);
        }
        AttestationRequest memory request = _certificationRequest(maker, ISO_9001);
        vm.prank(certifier);
        vm.expectRevert(
            abi.encodeWithSelector(ICertifierRegistry.CertifierTooManyCertifications.selector, maker, ISO_9001)
        );
        eas.attest(request);
        // Another type or subject is unaffected.
        _certify(certifier, maker, AS9100);
        _certify(certifier, maker2, ISO_9001);
    }

    function test_attest_prunesExpiredAndDeadEntries() public {
        uint256 max = certifiers.MAX_CERTIFICATIONS_PER_TYPE();
        vm.prank(governance);
        certifiers.admitCertifier(certifier2, CERTIFICATION);
        for (uint256 i; i < max - 2; ++i) {
            _certify(certifier, maker, ISO_9001, uint64(T0) + 10 days);
        }
        bytes32 live = _certify(certifier2, maker, ISO_9001, uint64(T0) + ONE_YEAR);
        bytes32 removedCertifiers = _certify(certifier2, maker, ISO_9001, uint64(T0) + ONE_YEAR);
        assertEq(certifiers.certifications(maker, ISO_9001).length, max);
        _revoke(certifier2, certifiers.certificationSchema(), removedCertifiers);
        assertEq(certifiers.certifications(maker, ISO_9001).length, max - 1);

        vm.warp(T0 + 10 days);
        bytes32 fresh = _certify(certifier, maker, ISO_9001);
        ICertifierRegistry.CertificationRecord[] memory records = certifiers.certifications(maker, ISO_9001);
        assertEq(records.length, 2, "expired entries pruned");
        assertTrue(records[0].uid == live || records[1].uid == live);
        assertTrue(records[0].uid == fresh || records[1].uid == fresh);
    }

    function testFuzz_prune_keepsExactlyTheCountingEntries(uint8 expiredMask, uint256 when) public {
        // Eight certifications expiring on day 1..8; a new one at `when` keeps exactly those still valid.
        uint256 max = certifiers.MAX_CERTIFICATIONS_PER_TYPE();
        for (uint256 i; i < max; ++i) {
            uint64 expiry = uint64(T0 + (i + 1) * 1 days);
            if (expiredMask & (1 << i) != 0) expiry += uint64(ONE_YEAR);
            _certify(certifier, maker, ISO_9001, expiry);
        }
        when = bound(when, T0, T0 + max * 1 days);
        vm.warp(when);
        uint256 counting;
        ICertifierRegistry.CertificationRecord[] memory before = certifiers.certifications(maker, ISO_9001);
        for (uint256 i; i < before.length; ++i) {
            if (before[i].expirationTime > when) ++counting;
        }
        if (counting == max) {
            AttestationRequest memory request =
                _request(certifiers.certificationSchema(), maker, uint64(when) + 1, _certificationData(ISO_9001));
            vm.prank(certifier);
            vm.expectRevert(
                abi.encodeWithSelector(ICertifierRegistry.CertifierTooManyCertifications.selector, maker, ISO_9001)
            );
            eas.attest(request);
            return;
        }
        _certify(certifier, maker, ISO_9001, uint64(when) + 1);
        ICertifierRegistry.CertificationRecord[] memory after_ = certifiers.certifications(maker, ISO_9001);
        assertEq(after_.length, counting + 1);
        for (uint256 i; i < after_.length; ++i) {
            assertGt(after_[i].expirationTime, when, "only live entries remain");
        }
    }

    // --- views on unknown input ------------------------------------------------------------------

    function test_isValidAttestation_falseForUnknownOrForeignUids() public {
        assertFalse(certifiers.isValidAttestation(bytes32(0)));
        assertFalse(certifiers.isValidAttestation(keccak256("nothing")));
        bytes32 foreignSchema = schemaRegistry.register("bool ok", ISchemaResolver(address(0)), true);
        bytes32 foreign = _attest(stranger, _request(foreignSchema, maker, 0, abi.encode(true)));
        assertTrue(eas.isAttestationValid(foreign));
        assertFalse(certifiers.isValidAttestation(foreign));
    }
}
