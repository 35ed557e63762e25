import type { DipnetClient, WriteResult } from "../../types.ts";
import { checkDeviceId, deviceKeyOf, writeEvidenceRegistry } from "./registry.ts";

/** Parameters of `revokeDevice`. */
export type RevokeDeviceParameters = { deviceId: string };

/** Revokes one of the signer's devices for good: gateways refuse its messages from then on. */
export async function revokeDevice(client: DipnetClient, p: RevokeDeviceParameters): Promise<WriteResult> {
  return writeEvidenceRegistry(
    client,
    "revokeDevice",
    [deviceKeyOf(client.account.address, checkDeviceId("deviceId", p.deviceId))],
    { action: "revokeDevice" },
  );
}
