// The design registry's and confidential access's read model as a fold over their events. Its
// entities are designs, licences and orders: every event names one (a design by `designId` or
// `tokenId`, a licence by `licenceId`, an order's package, acceptances and grants by `orderId`), and
// each entity's rows are a pure function of its events. Forward indexing folds a batch onto the
// touched entities' rows; a reorg re-folds the entities the orphaned events touched from the events
// that remain, exactly as a re-index would.
import { confidentialAccessAbi, designRegistryAbi } from "@dipnet/sdk";
import type { Kysely, Transaction } from "kysely";
import type {
  AccessGrantsTable,
  DesignsTable,
  LicencesTable,
  NdaAcceptancesTable,
  OrderPackagesTable,
  Schema,
} from "../../core/db/schema.ts";
import type { ArgValue, DecodedEvent } from "../../core/indexer/decode.ts";
import type { ContractAddresses, Projection } from "../../core/indexer/projection.ts";
import { storedEvents } from "../../core/indexer/storedEvents.ts";

type Db = Kysely<Schema> | Transaction<Schema>;

/** The entities a batch of events touches. */
export type DesignKeys = { designs: number[]; licences: number[]; orders: number[] };

type OrderState = {
  package: OrderPackagesTable | null;
  acceptances: Map<string, NdaAcceptancesTable>;
  grants: Map<number, AccessGrantsTable>;
};
type State = {
  designs: Map<number, DesignsTable | null>;
  licences: Map<number, LicencesTable | null>;
  orders: Map<number, OrderState>;
};

const num = (v: ArgValue | undefined): number => Number(v ?? 0);
const str = (v: ArgValue | undefined): string => (v === undefined ? "" : String(v));
const addr = (v: ArgValue | undefined): string => str(v).toLowerCase();

const designEvents = new Set(["DesignRegistered", "Transfer"]);
const licenceEvents = new Set(["LicenceCreated", "LicenceEnded", "UnitsRecorded"]);
const orderEvents = new Set(["PackageSet", "NdaAccepted", "AccessGranted", "AccessRevoked"]);

/** The entity an event belongs to; undefined for events the read model does not hold (governance, approvals). */
function keyOf(e: DecodedEvent): { kind: keyof DesignKeys; id: number } | undefined {
  if (designEvents.has(e.name)) return { kind: "designs", id: num(e.args.designId ?? e.args.tokenId) };
  if (licenceEvents.has(e.name)) return { kind: "licences", id: num(e.args.licenceId) };
  if (orderEvents.has(e.name)) return { kind: "orders", id: num(e.args.orderId) };
  return undefined;
}

function keysOf(events: readonly DecodedEvent[]): DesignKeys {
  const keys = { designs: new Set<number>(), licences: new Set<number>(), orders: new Set<number>() };
  for (const e of events) {
    const key = keyOf(e);
    if (key) keys[key.kind].add(key.id);
  }
  return { designs: [...keys.designs], licences: [...keys.licences], orders: [...keys.orders] };
}

function emptyState(keys: DesignKeys): State {
  return {
    designs: new Map(keys.designs.map((id) => [id, null])),
    licences: new Map(keys.licences.map((id) => [id, null])),
    orders: new Map(keys.orders.map((id) => [id, { package: null, acceptances: new Map(), grants: new Map() }])),
  };
}

function fold(state: State, e: DecodedEvent): void {
  const key = keyOf(e);
  if (!key) return;
  const a = e.args;
  if (key.kind === "designs") {
    if (!state.designs.has(key.id)) return; // out of scope
    if (e.name === "DesignRegistered") {
      state.designs.set(key.id, {
        design_id: key.id,
        owner: addr(a.registrant),
        registrant: addr(a.registrant),
        content_hash: str(a.contentHash),
        cid: str(a.cid),
        title: str(a.title),
        parent_id: num(a.parentId),
        registered_block: e.blockNumber,
        registered_at: e.blockTime,
        tx_hash: e.txHash,
      });
    } else {
      const d = state.designs.get(key.id);
      if (d) d.owner = addr(a.to);
    }
    return;
  }
  if (key.kind === "licences") {
    if (!state.licences.has(key.id)) return;
    if (e.name === "LicenceCreated") {
      const terms = a.terms as Record<string, ArgValue>;
      state.licences.set(key.id, {
        licence_id: key.id,
        design_id: num(a.designId),
        issuer: addr(a.issuer),
        payment_token: addr(terms.paymentToken),
        royalty_per_unit: str(terms.royaltyPerUnit),
        max_units: str(terms.maxUnits),
        units_built: "0",
        royalties: "0",
        expires_at: num(terms.expiresAt),
        ended_at: null,
        open: terms.open === true ? 1 : 0,
        makers: JSON.stringify(((terms.makers as ArgValue[]) ?? []).map(addr)),
        created_block: e.blockNumber,
        created_at: e.blockTime,
      });
      return;
    }
    const l = state.licences.get(key.id);
    if (!l) return;
    if (e.name === "LicenceEnded") l.ended_at = e.blockTime;
    else {
      l.units_built = str(a.unitsBuilt);
      l.royalties = String(BigInt(l.royalties) + BigInt(str(a.royalty)));
    }
    return;
  }
  const o = state.orders.get(key.id);
  if (!o) return;
  switch (e.name) {
    case "PackageSet":
      o.package = {
        order_id: key.id,
        customer: addr(a.customer),
        nda_hash: str(a.ndaHash),
        version: num(a.version),
        package_cid: str(a.packageCid),
        preview_cid: str(a.previewCid),
        set_block: e.blockNumber,
        set_at: e.blockTime,
      };
      return;
    case "NdaAccepted":
      o.acceptances.set(addr(a.account), {
        order_id: key.id,
        account: addr(a.account),
        nda_hash: str(a.ndaHash),
        accepted_block: e.blockNumber,
        accepted_at: e.blockTime,
      });
      return;
    case "AccessGranted":
      o.grants.set(num(a.grantId), {
        grant_id: num(a.grantId),
        order_id: key.id,
        grantor: addr(a.grantor),
        grantee: addr(a.grantee),
        file_cid: str(a.fileCid),
        key_envelope_cid: str(a.keyEnvelopeCid),
        granted_block: e.blockNumber,
        granted_at: e.blockTime,
        revoked_at: null,
      });
      return;
    case "AccessRevoked": {
      const g = o.grants.get(num(a.grantId));
      if (g) g.revoked_at = e.blockTime;
      return;
    }
  }
}

const ids = (list: number[]) => (list.length > 0 ? list : [-1]);

async function load(db: Db, keys: DesignKeys): Promise<State> {
  const state = emptyState(keys);
  for (const d of await db.selectFrom("designs").selectAll().where("design_id", "in", ids(keys.designs)).execute())
    state.designs.set(Number(d.design_id), { ...d, design_id: Number(d.design_id) });
  for (const l of await db.selectFrom("licences").selectAll().where("licence_id", "in", ids(keys.licences)).execute())
    state.licences.set(Number(l.licence_id), { ...l, licence_id: Number(l.licence_id) });
  const orders = ids(keys.orders);
  for (const p of await db.selectFrom("order_packages").selectAll().where("order_id", "in", orders).execute()) {
    const o = state.orders.get(Number(p.order_id));
    if (o) o.package = p;
  }
  for (const n of await db.selectFrom("nda_acceptances").selectAll().where("order_id", "in", orders).execute())
    state.orders.get(Number(n.order_id))?.acceptances.set(n.account, n);
  for (const g of await db.selectFrom("access_grants").selectAll().where("order_id", "in", orders).execute())
    state.orders.get(Number(g.order_id))?.grants.set(Number(g.grant_id), g);
  return state;
}

async function insertAll<T extends keyof Schema>(db: Db, table: T, rows: Schema[T][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 500) as never)
      .execute();
}

async function write(db: Db, keys: DesignKeys, state: State): Promise<void> {
  await db.deleteFrom("designs").where("design_id", "in", ids(keys.designs)).execute();
  await db.deleteFrom("licences").where("licence_id", "in", ids(keys.licences)).execute();
  for (const table of ["order_packages", "nda_acceptances", "access_grants"] as const)
    await db.deleteFrom(table).where("order_id", "in", ids(keys.orders)).execute();
  const present = <T>(rows: Iterable<T | null>): T[] => [...rows].filter((r): r is T => r !== null);
  const orders = [...state.orders.values()];
  await insertAll(db, "designs", present(state.designs.values()));
  await insertAll(db, "licences", present(state.licences.values()));
  await insertAll(db, "order_packages", present(orders.map((o) => o.package)));
  await insertAll(
    db,
    "nda_acceptances",
    orders.flatMap((o) => [...o.acceptances.values()]),
  );
  await insertAll(
    db,
    "access_grants",
    orders.flatMap((o) => [...o.grants.values()]),
  );
}

/** Both contracts' stored events in chain order (above `ancestor` when given). */
async function storedOfBoth(
  db: Db,
  chainId: number,
  addresses: ContractAddresses,
  above?: number,
): Promise<DecodedEvent[]> {
  const events = [
    ...(await storedEvents(db, chainId, addresses.designRegistry as string, above)),
    ...(await storedEvents(db, chainId, addresses.confidentialAccess as string, above)),
  ];
  return events.sort((x, y) => x.blockNumber - y.blockNumber || x.logIndex - y.logIndex);
}

/** Designs, licences, and orders' packages, NDA acceptances and grants. */
export const designsProjection: Projection<DesignKeys> = {
  abis: { designRegistry: designRegistryAbi, confidentialAccess: confidentialAccessAbi },
  tables: ["designs", "licences", "order_packages", "nda_acceptances", "access_grants"],
  async apply({ db }, events) {
    const keys = keysOf(events);
    if (keys.designs.length + keys.licences.length + keys.orders.length === 0) return;
    const state = await load(db, keys);
    for (const e of events) fold(state, e);
    await write(db, keys, state);
  },
  async keysAbove({ db, chainId, addresses }, ancestor) {
    return keysOf(await storedOfBoth(db, chainId, addresses, ancestor));
  },
  async refold({ db, chainId, addresses }, keys) {
    if (keys.designs.length + keys.licences.length + keys.orders.length === 0) return;
    const state = emptyState(keys);
    for (const e of await storedOfBoth(db, chainId, addresses)) fold(state, e);
    await write(db, keys, state);
  },
};
