import type { Address, Hex } from "viem";
import { designRegistryAbi } from "../../generated/abis.ts";
import type { DipnetReadClient } from "../../types.ts";
import { designRegistryAddress, reading } from "./registry.ts";

/** A design as the registry holds it, with its owner now, its versions and its licences. */
export type DesignInfo = {
  designId: bigint;
  owner: Address;
  registrant: Address;
  contentHash: Hex;
  cid: string;
  title: string;
  /** The design it is a version of; 0n for an original. */
  parentId: bigint;
  /** Block timestamp of its registration (unix seconds): evidence of priority. */
  registeredAt: number;
  /** Designs registered as its versions, oldest first. */
  versions: bigint[];
  /** Its licences, oldest first. */
  licenceIds: bigint[];
};

/** A licence with its terms, the makers it allows and the units recorded under it. */
export type LicenceInfo = {
  licenceId: bigint;
  designId: bigint;
  paymentToken: Address;
  royaltyPerUnit: bigint;
  maxUnits: bigint;
  unitsBuilt: bigint;
  /** Unix seconds; 0 for no expiry. */
  expiresAt: number;
  /** When its design's owner ended it (unix seconds); 0 while it runs. */
  endedAt: number;
  open: boolean;
  /** The makers allowed (empty when open). */
  makers: Address[];
};

/** Parameters of `getDesign`. */
export type GetDesignParameters = { designId: bigint };

/**
 * Reads a design; reverts with `DesignUnknown` for an unknown id.
 * @example const { title, versions } = await getDesign(client, { designId: 1n });
 */
export async function getDesign(client: DipnetReadClient, { designId }: GetDesignParameters): Promise<DesignInfo> {
  const address = designRegistryAddress(client);
  const read = client.publicClient;
  const d = await reading("getDesign", () =>
    read.readContract({ address, abi: designRegistryAbi, functionName: "design", args: [designId] }),
  );
  const [owner, versions, licenceIds] = await Promise.all([
    read.readContract({ address, abi: designRegistryAbi, functionName: "ownerOf", args: [designId] }),
    read.readContract({ address, abi: designRegistryAbi, functionName: "versionsOf", args: [designId] }),
    read.readContract({ address, abi: designRegistryAbi, functionName: "licencesOf", args: [designId] }),
  ]);
  return {
    designId,
    owner,
    registrant: d.registrant,
    contentHash: d.contentHash,
    cid: d.cid,
    title: d.title,
    parentId: d.parentId,
    registeredAt: d.registeredAt,
    versions: [...versions],
    licenceIds: [...licenceIds],
  };
}

/** Parameters of `getLicence`. */
export type GetLicenceParameters = { licenceId: bigint };

/**
 * Reads a licence, its makers from its `LicenceCreated` event; reverts with `LicenceUnknown` for an unknown id.
 * @example const { unitsBuilt, maxUnits } = await getLicence(client, { licenceId: 1n });
 */
export async function getLicence(client: DipnetReadClient, { licenceId }: GetLicenceParameters): Promise<LicenceInfo> {
  const address = designRegistryAddress(client);
  const l = await reading("getLicence", () =>
    client.publicClient.readContract({ address, abi: designRegistryAbi, functionName: "licence", args: [licenceId] }),
  );
  const [created] = await client.publicClient.getContractEvents({
    address,
    abi: designRegistryAbi,
    eventName: "LicenceCreated",
    args: { licenceId },
    fromBlock: BigInt(client.deployment.deployBlock),
    strict: true,
  });
  return {
    licenceId,
    designId: l.designId,
    paymentToken: l.paymentToken,
    royaltyPerUnit: l.royaltyPerUnit,
    maxUnits: l.maxUnits,
    unitsBuilt: l.unitsBuilt,
    expiresAt: l.expiresAt,
    endedAt: l.endedAt,
    open: l.open,
    makers: created ? [...created.args.terms.makers] : [],
  };
}

/** Parameters of `listLicences`. */
export type ListLicencesParameters = { designId: bigint };

/**
 * The licences of a design, oldest first.
 * @example const licences = await listLicences(client, { designId: 1n });
 */
export async function listLicences(
  client: DipnetReadClient,
  { designId }: ListLicencesParameters,
): Promise<LicenceInfo[]> {
  const ids = await client.publicClient.readContract({
    address: designRegistryAddress(client),
    abi: designRegistryAbi,
    functionName: "licencesOf",
    args: [designId],
  });
  return Promise.all(ids.map((licenceId) => getLicence(client, { licenceId })));
}

/** A registered design as a list shows it. */
export type DesignSummary = Omit<DesignInfo, "versions" | "licenceIds">;

/** Parameters of `listDesigns`. */
export type ListDesignsParameters = {
  /** Only designs this account owns now. Default: all. */
  owner?: Address | undefined;
};

/**
 * Every registered design, oldest first, from the registry's `DesignRegistered` events and current owners.
 * @example const mine = await listDesigns(client, { owner: client.account.address });
 */
export async function listDesigns(client: DipnetReadClient, p: ListDesignsParameters = {}): Promise<DesignSummary[]> {
  const address = designRegistryAddress(client);
  const registered = await client.publicClient.getContractEvents({
    address,
    abi: designRegistryAbi,
    eventName: "DesignRegistered",
    fromBlock: BigInt(client.deployment.deployBlock),
    strict: true,
  });
  const designs = await Promise.all(
    registered.map(async ({ args, blockNumber }) => {
      const [owner, block] = await Promise.all([
        client.publicClient.readContract({
          address,
          abi: designRegistryAbi,
          functionName: "ownerOf",
          args: [args.designId],
        }),
        client.publicClient.getBlock({ blockNumber }),
      ]);
      return {
        designId: args.designId,
        owner,
        registrant: args.registrant,
        contentHash: args.contentHash,
        cid: args.cid,
        title: args.title,
        parentId: args.parentId,
        registeredAt: Number(block.timestamp),
      };
    }),
  );
  const owner = p.owner?.toLowerCase();
  return owner ? designs.filter((d) => d.owner.toLowerCase() === owner) : designs;
}
