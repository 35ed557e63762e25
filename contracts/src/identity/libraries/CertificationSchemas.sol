// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title DIPNET's EAS schemas and certification types
/// @notice The schema strings `CertifierRegistry` registers on EAS (with itself as resolver, revocable),
/// and the certification types markets require. The EAS schema UID is
/// `keccak256(abi.encodePacked(schema, resolver, true))`, so it differs per deployment; read it from
/// `certificationSchema()`, `calibrationSchema()` and `materialSchema()`.
///
/// Dates are not in the data: EAS records when an attestation was issued (`time`), until when it holds
/// (`expirationTime`, required for certifications and calibrations) and when it was revoked.
/// `documentHash` is the keccak256 of the signed certificate document, which is stored off chain
/// (encrypted where it is confidential).
library CertificationSchemas {
    /// @notice A management-system certification (ISO/IEC 17021 certificate) of the recipient.
    /// `certificationType` is one of the types below (or another short ASCII id, left-aligned);
    /// `standard` the edition ("ISO 9001:2015"); `scope` the certified activities and sites.
    string internal constant CERTIFICATION =
        "bytes32 certificationType,string standard,string certificateNumber,string scope,bytes32 documentHash";

    /// @notice A calibration certificate (ISO/IEC 17025) for an instrument or machine. The recipient is
    /// the machine's own did:ethr address or its owner's; `expirationTime` is the calibration due date.
    string internal constant CALIBRATION =
        "string instrument,string serialNumber,string certificateNumber,string procedure,bool withinTolerance,"
        "bytes32 documentHash";

    /// @notice A material inspection certificate (EN 10204, e.g. type "EN 10204 3.1") for one heat or lot,
    /// issued to the recipient who holds the material. It need not expire.
    string internal constant MATERIAL =
        "bytes32 inspectionType,string material,string specification,string heatNumber,string certificateNumber,"
        "bytes32 documentHash";

    /// @notice Certification types: the standard's short name as left-aligned ASCII, readable in any
    /// explorer and produced in TypeScript by `stringToHex("ISO 9001", { size: 32 })`.
    bytes32 internal constant ISO_9001 = "ISO 9001";
    bytes32 internal constant AS9100 = "AS9100";
    bytes32 internal constant ISO_13485 = "ISO 13485";
    bytes32 internal constant ISO_14001 = "ISO 14001";
    bytes32 internal constant IATF_16949 = "IATF 16949";
}
