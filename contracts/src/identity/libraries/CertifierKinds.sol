// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Certifier kind bits
/// @notice What governance admitted a certifier to issue, one bit per DIPNET schema. The bits follow
/// real accreditation scopes: certification bodies (ISO/IEC 17021), calibration laboratories
/// (ISO/IEC 17025) and issuers of material inspection certificates (EN 10204). Later kinds take the
/// next bits.
library CertifierKinds {
    uint8 internal constant CERTIFICATION = 1;
    uint8 internal constant CALIBRATION = 2;
    uint8 internal constant MATERIAL = 4;
    uint8 internal constant ALL = CERTIFICATION | CALIBRATION | MATERIAL;
}
