// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Attestation, IEAS} from "@ethereum-attestation-service/eas-contracts/contracts/IEAS.sol";
import {ISchemaRegistry} from "@ethereum-attestation-service/eas-contracts/contracts/ISchemaRegistry.sol";
import {ISchemaResolver} from "@ethereum-attestation-service/eas-contracts/contracts/resolver/ISchemaResolver.sol";
import {SchemaResolver} from "@ethereum-attestation-service/eas-contracts/contracts/resolver/SchemaResolver.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ICertifierRegistry} from "./interfaces/ICertifierRegistry.sol";
import {CertificationSchemas} from "./libraries/CertificationSchemas.sol";
import {CertifierKinds} from "./libraries/CertifierKinds.sol";

/// @title DIPNET certifier registry and EAS schema resolver
/// @notice See {ICertifierRegistry}. Deploying it registers DIPNET's three schemas on EAS with this
/// contract as their resolver; governance (the `Ownable2Step` owner: a DAO timelock in production)
/// admits certifiers.
contract CertifierRegistry is ICertifierRegistry, SchemaResolver, Ownable2Step {
    /// @notice Live certifications kept per subject and certification type. It bounds the loop every
    /// eligibility check runs; entries that can never count again are pruned when a new one arrives.
    uint256 public constant MAX_CERTIFICATIONS_PER_TYPE = 8;

    /// @inheritdoc ICertifierRegistry
    bytes32 public immutable certificationSchema;
    /// @inheritdoc ICertifierRegistry
    bytes32 public immutable calibrationSchema;
    /// @inheritdoc ICertifierRegistry
    bytes32 public immutable materialSchema;

    mapping(address account => Certifier) private _certifiers;
    mapping(address subject => mapping(bytes32 certificationType => CertificationRecord[])) private _certifications;
    /// @dev The certifier's epoch when it issued each accepted attestation. Epochs start at 1, so zero means
    /// "never accepted here".
    mapping(bytes32 uid => uint32 epoch) private _issuedInEpoch;

    /// @param easContract The EAS contract; its schema registry receives the schemas.
    /// @param initialOwner Governance.
    constructor(IEAS easContract, address initialOwner) SchemaResolver(easContract) Ownable(initialOwner) {
        ISchemaRegistry registry = easContract.getSchemaRegistry();
        certificationSchema = _registerSchema(registry, CertificationSchemas.CERTIFICATION);
        calibrationSchema = _registerSchema(registry, CertificationSchemas.CALIBRATION);
        materialSchema = _registerSchema(registry, CertificationSchemas.MATERIAL);
    }

    // --- governance ------------------------------------------------------------------------------

    /// @inheritdoc ICertifierRegistry
    function admitCertifier(address account, uint8 kinds) external onlyOwner {
        if (account == address(0)) revert CertifierInvalidAddress(account);
        if (kinds == 0 || kinds & ~CertifierKinds.ALL != 0) revert CertifierInvalidKinds(kinds);
        Certifier memory current = _certifiers[account];
        // A new admission (first, or after removal) or a narrowing starts a new epoch, so nothing issued
        // under the previous admission counts. Removal keeps the epoch: kinds == 0 already stops everything.
        uint32 epoch = current.kinds == 0 || current.kinds & ~kinds != 0 ? current.epoch + 1 : current.epoch;
        _certifiers[account] = Certifier({kinds: kinds, epoch: epoch});
        emit CertifierAdmitted(account, kinds, epoch);
    }

    /// @inheritdoc ICertifierRegistry
    function removeCertifier(address account) external onlyOwner {
        if (_certifiers[account].kinds == 0) revert CertifierUnknown(account);
        _certifiers[account].kinds = 0;
        emit CertifierRemoved(account);
    }

    // --- views -----------------------------------------------------------------------------------

    /// @inheritdoc ICertifierRegistry
    function certifier(address account) external view returns (Certifier memory) {
        return _certifiers[account];
    }

    /// @inheritdoc ICertifierRegistry
    function isCertifier(address account, uint8 kinds) external view returns (bool) {
        return kinds != 0 && _certifiers[account].kinds & kinds == kinds;
    }

    /// @inheritdoc ICertifierRegistry
    function eas() external view returns (address) {
        return address(_eas);
    }

    /// @inheritdoc ICertifierRegistry
    function hasValidCertification(address subject, bytes32 certificationType) external view returns (bool) {
        return validCertification(subject, certificationType) != bytes32(0);
    }

    /// @inheritdoc ICertifierRegistry
    function validCertification(address subject, bytes32 certificationType) public view returns (bytes32 uid) {
        CertificationRecord[] storage records = _certifications[subject][certificationType];
        for (uint256 i = records.length; i > 0; --i) {
            CertificationRecord memory record = records[i - 1];
            if (_counts(record)) return record.uid;
        }
        return bytes32(0);
    }

    /// @inheritdoc ICertifierRegistry
    function certifications(address subject, bytes32 certificationType)
        external
        view
        returns (CertificationRecord[] memory)
    {
        return _certifications[subject][certificationType];
    }

    /// @inheritdoc ICertifierRegistry
    function isValidAttestation(bytes32 uid) external view returns (bool) {
        Attestation memory attestation = _eas.getAttestation(uid);
        uint8 kind = _kindOf(attestation.schema); // zero for unknown UIDs: their schema is zero
        if (kind == 0 || attestation.revocationTime != 0) return false;
        if (attestation.expirationTime != 0 && attestation.expirationTime <= block.timestamp) return false;
        Certifier memory issuer = _certifiers[attestation.attester];
        return issuer.kinds & kind != 0 && issuer.epoch == _issuedInEpoch[uid];
    }

    // --- EAS resolver ----------------------------------------------------------------------------

    /// @dev Called by EAS (only) for every attestation on a schema naming this resolver. Reverts with the
    /// reason instead of returning false, so the attester sees why (EAS bubbles the revert data up).
    function onAttest(Attestation calldata attestation, uint256 /* value: EAS rejects any, isPayable() is false */ )
        internal
        override
        returns (bool)
    {
        bytes32 schema = attestation.schema;
        uint8 kind = _kindOf(schema);
        if (kind == 0) revert CertifierUnknownSchema(schema);
        Certifier memory issuer = _certifiers[attestation.attester];
        if (issuer.kinds & kind == 0) revert CertifierNotAdmitted(attestation.attester, kind);
        if (attestation.recipient == address(0)) revert CertifierInvalidRecipient(schema);
        if (!attestation.revocable) revert CertifierNotRevocable(schema);
        if (kind != CertifierKinds.MATERIAL && attestation.expirationTime == 0) {
            revert CertifierExpirationRequired(schema);
        }
        bytes32 typeId = _decodeTypeId(kind, schema, attestation.data);

        _issuedInEpoch[attestation.uid] = issuer.epoch;
        if (kind == CertifierKinds.CERTIFICATION) {
            _record(
                attestation.recipient,
                typeId,
                CertificationRecord({
                    uid: attestation.uid,
                    certifier: attestation.attester,
                    expirationTime: attestation.expirationTime,
                    certifierEpoch: issuer.epoch
                })
            );
        }
        return true;
    }

    /// @dev Called by EAS (only) when the attester revokes. Always allowed — revoking only withdraws trust,
    /// so even a removed certifier may do it — and a revoked certification leaves the index at once.
    function onRevoke(Attestation calldata attestation, uint256 /* value */ ) internal override returns (bool) {
        if (attestation.schema != certificationSchema) return true;
        bytes32 certificationType = bytes32(attestation.data[:32]); // onAttest checked the encoding
        CertificationRecord[] storage records = _certifications[attestation.recipient][certificationType];
        uint256 length = records.length;
        for (uint256 i; i < length; ++i) {
            if (records[i].uid == attestation.uid) {
                records[i] = records[length - 1];
                records.pop();
                emit CertificationRevoked(attestation.recipient, certificationType, attestation.uid);
                break;
            }
        }
        return true;
    }

    // --- internals -------------------------------------------------------------------------------

    function _registerSchema(ISchemaRegistry registry, string memory schema) private returns (bytes32 uid) {
        // SchemaRegistry's UID: a record with this UID has exactly this schema, resolver and revocability.
        uid = keccak256(abi.encodePacked(schema, address(this), true));
        // Anyone may register a schema naming a resolver, even before the resolver exists (its address is
        // predictable): an existing record is ours, so re-registering (which would revert) is skipped.
        if (registry.getSchema(uid).uid == bytes32(0)) registry.register(schema, ISchemaResolver(this), true);
    }

    function _record(address subject, bytes32 certificationType, CertificationRecord memory record) private {
        CertificationRecord[] storage records = _certifications[subject][certificationType];
        // Prune what can never count again: expired, or issued in an earlier epoch of its certifier or while
        // it is removed (readmission starts a new epoch). Iterating downwards, the entry swapped into slot i
        // was already checked.
        for (uint256 i = records.length; i > 0; --i) {
            if (!_counts(records[i - 1])) {
                records[i - 1] = records[records.length - 1];
                records.pop();
            }
        }
        if (records.length >= MAX_CERTIFICATIONS_PER_TYPE) {
            revert CertifierTooManyCertifications(subject, certificationType);
        }
        records.push(record);
        emit CertificationRecorded(subject, certificationType, record.uid, record.certifier, record.expirationTime);
    }

    /// @dev Whether a recorded certification counts now. Revoked ones are never in the index.
    function _counts(CertificationRecord memory record) private view returns (bool) {
        if (record.expirationTime <= block.timestamp) return false;
        Certifier memory issuer = _certifiers[record.certifier];
        return issuer.kinds & CertifierKinds.CERTIFICATION != 0 && issuer.epoch == record.certifierEpoch;
    }

    /// @dev The kind bit of a DIPNET schema, zero for any other schema.
    function _kindOf(bytes32 schema) private view returns (uint8) {
        if (schema == certificationSchema) return CertifierKinds.CERTIFICATION;
        if (schema == calibrationSchema) return CertifierKinds.CALIBRATION;
        if (schema == materialSchema) return CertifierKinds.MATERIAL;
        return 0;
    }

    /// @dev Checks that `data` ABI-decodes as the schema of `kind` and returns its leading type id
    /// (certification type, or material inspection type; zero for calibrations, which have none).
    /// A short payload gets a clear error; `abi.decode` rejects malformed offsets itself.
    function _decodeTypeId(uint8 kind, bytes32 schema, bytes calldata data) private pure returns (bytes32 typeId) {
        if (kind == CertifierKinds.CALIBRATION) {
            // 6 head words + 4 string lengths
            if (data.length < 10 * 32) revert CertifierInvalidData(schema);
            abi.decode(data, (string, string, string, string, bool, bytes32));
            return bytes32(0);
        }
        if (kind == CertifierKinds.CERTIFICATION) {
            // 5 head words + 3 string lengths
            if (data.length < 8 * 32) revert CertifierInvalidData(schema);
            (typeId,,,,) = abi.decode(data, (bytes32, string, string, string, bytes32));
        } else {
            // 6 head words + 4 string lengths
            if (data.length < 10 * 32) revert CertifierInvalidData(schema);
            (typeId,,,,,) = abi.decode(data, (bytes32, string, string, string, string, bytes32));
        }
        if (typeId == bytes32(0)) revert CertifierInvalidData(schema);
    }
}
