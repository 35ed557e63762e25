// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title DIPNET certifier registry and EAS schema resolver
/// @notice Governance admits certifiers, each for a set of kinds (certification, calibration, material
/// certificate; see `CertifierKinds`). The registry is the EAS resolver of DIPNET's three schemas (see
/// `CertificationSchemas`): EAS accepts an attestation on them only from a certifier admitted for that
/// kind, well-formed, revocable, and — for certifications and calibrations — with an expiry. Markets ask
/// `hasValidCertification` before accepting a bid.
///
/// A certification counts while it is unexpired, unrevoked, and its certifier is still admitted as it
/// was when it issued it: removing a certifier, or narrowing its kinds, starts a new epoch for it, and
/// nothing it issued in an earlier epoch counts again, even if it is readmitted.
interface ICertifierRegistry {
    /// @notice What governance admitted an account to issue. `kinds == 0`: not admitted.
    /// `epoch` grows on every (re)admission after removal and on every narrowing of `kinds`.
    struct Certifier {
        uint8 kinds;
        uint32 epoch;
    }

    /// @notice A certification the registry holds for a subject and certification type.
    struct CertificationRecord {
        bytes32 uid;
        address certifier;
        uint64 expirationTime;
        uint32 certifierEpoch;
    }

    /// @notice Governance admitted `certifier` for `kinds` (the full new set) in `epoch`.
    event CertifierAdmitted(address indexed certifier, uint8 kinds, uint32 epoch);
    /// @notice Governance removed `certifier`; nothing it issued counts any more.
    event CertifierRemoved(address indexed certifier);
    /// @notice EAS recorded certification `uid` of `subject` for `certificationType` by `certifier`.
    event CertificationRecorded(
        address indexed subject,
        bytes32 indexed certificationType,
        bytes32 indexed uid,
        address certifier,
        uint64 expirationTime
    );
    /// @notice Certification `uid` of `subject` for `certificationType` was revoked on EAS.
    event CertificationRevoked(address indexed subject, bytes32 indexed certificationType, bytes32 indexed uid);

    /// @notice `certifier` cannot be admitted: it is the zero address.
    error CertifierInvalidAddress(address certifier);
    /// @notice `kinds` is empty or has bits no kind uses.
    error CertifierInvalidKinds(uint8 kinds);
    /// @notice `certifier` is not admitted, so it cannot be removed.
    error CertifierUnknown(address certifier);
    /// @notice `attester` is not admitted to issue attestations of `kind`.
    error CertifierNotAdmitted(address attester, uint8 kind);
    /// @notice `schema` is not one of DIPNET's schemas (someone registered another schema with this resolver).
    error CertifierUnknownSchema(bytes32 schema);
    /// @notice Attestations on `schema` must expire (certifications and calibrations do).
    error CertifierExpirationRequired(bytes32 schema);
    /// @notice Attestations must be revocable, so that a certifier can withdraw them.
    error CertifierNotRevocable(bytes32 schema);
    /// @notice Attestations must name a recipient.
    error CertifierInvalidRecipient(bytes32 schema);
    /// @notice The attestation's data does not encode `schema` (too short, or a zero type id).
    error CertifierInvalidData(bytes32 schema);
    /// @notice `subject` already holds the maximum number of live certifications of `certificationType`.
    error CertifierTooManyCertifications(address subject, bytes32 certificationType);

    // --- governance ------------------------------------------------------------------------------

    /// @notice Admits `account` for `kinds`, or changes the kinds of an admitted one. Narrowing its kinds
    /// starts a new epoch (see the contract notice); widening keeps what it issued valid. Owner only.
    /// @param account The certifier's did:ethr address (the key it attests with on EAS).
    /// @param kinds A non-empty set of `CertifierKinds` bits.
    function admitCertifier(address account, uint8 kinds) external;

    /// @notice Removes certifier `account`: it can no longer attest and nothing it issued counts. Owner only.
    /// It can still revoke what it issued.
    function removeCertifier(address account) external;

    // --- views -----------------------------------------------------------------------------------

    /// @notice The admission record of `account` (zero kinds: not admitted).
    function certifier(address account) external view returns (Certifier memory);

    /// @notice Whether `account` is admitted for every bit of `kinds` (false for empty `kinds`).
    function isCertifier(address account, uint8 kinds) external view returns (bool);

    /// @notice The EAS contract the schemas live on.
    function eas() external view returns (address);

    /// @notice EAS schema UID of management-system certifications (`CertificationSchemas.CERTIFICATION`).
    function certificationSchema() external view returns (bytes32);

    /// @notice EAS schema UID of calibration certificates (`CertificationSchemas.CALIBRATION`).
    function calibrationSchema() external view returns (bytes32);

    /// @notice EAS schema UID of material certificates (`CertificationSchemas.MATERIAL`).
    function materialSchema() external view returns (bytes32);

    /// @notice Whether `subject` holds a certification of `certificationType` that counts now: unexpired,
    /// unrevoked, by a certifier admitted for certifications since it issued it.
    function hasValidCertification(address subject, bytes32 certificationType) external view returns (bool);

    /// @notice The EAS UID of a certification of `subject` for `certificationType` that counts now
    /// (the latest recorded one that does), or zero.
    function validCertification(address subject, bytes32 certificationType) external view returns (bytes32 uid);

    /// @notice Every certification of `certificationType` the registry holds for `subject`, including ones
    /// that no longer count but were not pruned yet (revoked ones are removed at once).
    function certifications(address subject, bytes32 certificationType)
        external
        view
        returns (CertificationRecord[] memory);

    /// @notice Whether EAS attestation `uid` on any DIPNET schema holds now: it exists, is unrevoked and
    /// unexpired, and its certifier is admitted for its kind since it issued it.
    function isValidAttestation(bytes32 uid) external view returns (bool);
}
