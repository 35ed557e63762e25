// The one contract every domain of the node implements. A node is the core plus a list of modules:
// their migrations run in name order, their projections fold the chain, their routes serve the API.
import type { Migration } from "kysely/migration";
import type { Registry } from "prom-client";
import type { Api } from "./http/schemas.ts";
import type { Projection } from "./indexer/projection.ts";

/** A domain of the node. `Services` is what the composition hands every module's routes. */
export type NodeModule<Services> = {
  name: string;
  /** Schema migrations by their globally ordered name (`0003_capacity`). */
  migrations?: Readonly<Record<string, Migration>> | undefined;
  /** The read model it folds from the chain. */
  projection?: Projection | undefined;
  /** Registers its HTTP routes (their requests typed by their schemas). */
  routes?(app: Api, services: Services): void | Promise<void>;
  /** Registers its metrics (read at each scrape: `collect`) on the API's `/metrics` registry. */
  metrics?(registry: Registry, services: Services): void;
};

/** Every module's migrations in one set; throws when two modules claim the same name. */
export function migrationsOf(
  base: Readonly<Record<string, Migration>>,
  modules: readonly NodeModule<unknown>[],
): Record<string, Migration> {
  const all: Record<string, Migration> = { ...base };
  for (const module of modules) {
    for (const [name, migration] of Object.entries(module.migrations ?? {})) {
      if (name in all) throw new Error(`migration ${name} of module ${module.name} is declared twice`);
      all[name] = migration;
    }
  }
  return all;
}

/** The projections of the modules that have one. */
export const projectionsOf = (modules: readonly NodeModule<unknown>[]): Projection[] =>
  modules.flatMap((m) => (m.projection ? [m.projection] : []));
