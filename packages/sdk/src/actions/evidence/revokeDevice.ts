import { evidenceRegistryAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { checkDeviceId, deviceKeyOf, evidenceRegistryAddress } from "./registry.ts";

/** Parameters of `revokeDevice`. */
export type RevokeDeviceParameters = { deviceId: string };

/** Revokes one of the signer's devices for good: gateways refuse its messages from then on. */
export async function revokeDevice(client: DipnetClient, p: RevokeDeviceParameters): Promise<WriteResult> {
  return writeAndWait(
    client,
    {
      address: evidenceRegistryAddress(client),
      abi: evidenceRegistryAbi,
      functionName: "revokeDevice",
      args: [deviceKeyOf(client.account.address, checkDeviceId("deviceId", p.deviceId))],
    },
    { action: "revokeDevice" },
  );
}
