import { type Hex, hexToString, stringToHex } from "viem";
import { InvalidParameterError } from "./errors/base.ts";

/** Certification types the network knows by name; any other ASCII name up to 32 bytes works too. */
export const certificationTypes = ["ISO 9001", "AS9100", "ISO 13485", "ISO 14001", "IATF 16949"] as const;

/** The on-chain id of a certification type: its ASCII name, left-aligned in 32 bytes. */
export function certificationTypeId(type: string): Hex {
  if (type.length === 0 || type.length > 32 || !/^[\x20-\x7e]+$/.test(type)) {
    throw new InvalidParameterError("certificationType", `"${type}" must be 1–32 printable ASCII characters`);
  }
  return stringToHex(type, { size: 32 });
}

/** The name of a certification type id (inverse of `certificationTypeId`). */
export function certificationTypeName(id: Hex): string {
  return hexToString(id, { size: 32 }).replace(/\0+$/, "");
}
