// The demo network: manufacturers in real cities with their machine parks, customers, an
// arbiter and a certifier, each bound to an account derived from the public development mnemonic (local chains only).

import { pbkdf2Sync } from "node:crypto";
import type { Machine } from "@dipnet/planner";
import type { DaoParameters } from "@dipnet/sdk";
import { devMnemonic } from "@dipnet/sdk/node";
import type { Address } from "viem";
import { type HDAccount, HDKey, hdKeyToAccount } from "viem/accounts";

/** Where a participant is. */
export type Location = { city: string; country: string; lat: number; lon: number };

/** A demo manufacturer: profile data and the autopilot's machine park. */
export type DemoManufacturer = {
  kind: "manufacturer";
  /** HD index on the development mnemonic. */
  accountIndex: number;
  name: string;
  location: Location;
  materials: string[];
  machines: Machine[];
  certifications: string[];
  /** Demo only: share of its orders it finishes late (to show late deliveries and defaults). */
  slowShare?: number;
};

/** A demo customer. */
export type DemoCustomer = {
  kind: "customer";
  accountIndex: number;
  name: string;
  location: Location;
  industry: string;
};
/** The demo arbiter. */
export type DemoArbiter = { kind: "arbiter"; accountIndex: number; name: string; location: Location };

const m = (id: string, type: string, process: string, hourlyRate: number, hoursPerDay = 16): Machine => ({
  id,
  type,
  process,
  hourlyRate,
  hoursPerDay,
});

/** Eight manufacturers covering every process, in eight countries. */
export const demoManufacturers: readonly DemoManufacturer[] = [
  {
    kind: "manufacturer",
    accountIndex: 4,
    name: "Präzisionswerk Neckar GmbH",
    location: { city: "Stuttgart", country: "DE", lat: 48.7758, lon: 9.1829 },
    materials: ["aluminium-6061", "steel-4140", "stainless-316", "titanium-ti6al4v"],
    machines: [
      m("pwn-m1", "DMG Mori DMU 50 (5-axis)", "cnc-milling", 95),
      m("pwn-m2", "Hermle C 42 U (5-axis)", "cnc-milling", 110),
      m("pwn-t1", "INDEX G200 turn-mill", "cnc-turning", 80),
    ],
    certifications: ["ISO 9001", "AS9100"],
  },
  {
    kind: "manufacturer",
    accountIndex: 5,
    name: "Officina Meccanica Dora S.r.l.",
    location: { city: "Turin", country: "IT", lat: 45.0703, lon: 7.6869 },
    materials: ["steel-4140", "stainless-316", "brass-c360", "aluminium-6061"],
    machines: [
      m("omd-t1", "Mazak QT-250", "cnc-turning", 65),
      m("omd-t2", "Citizen L20 (Swiss-type)", "cnc-turning", 72, 20),
      m("omd-m1", "Haas VF-2", "cnc-milling", 70),
    ],
    certifications: ["ISO 9001"],
  },
  {
    kind: "manufacturer",
    accountIndex: 6,
    name: "Brněnské plechy s.r.o.",
    location: { city: "Brno", country: "CZ", lat: 49.1951, lon: 16.6068 },
    materials: ["steel-s235", "aluminium-5052", "stainless-316"],
    machines: [
      m("bp-s1", "TRUMPF TruLaser 3030 + TruBend 5130", "sheet-metal", 55),
      m("bp-s2", "Amada ENSIS 3015 + HG 1303", "sheet-metal", 50),
    ],
    certifications: ["ISO 9001", "ISO 14001"],
    // Busy makers run late now and then, so late deliveries and defaults show within days.
    slowShare: 0.25,
  },
  {
    kind: "manufacturer",
    accountIndex: 7,
    name: "Eindhoven Additive Works B.V.",
    location: { city: "Eindhoven", country: "NL", lat: 51.4416, lon: 5.4697 },
    materials: ["pa12-powder", "resin-standard"],
    machines: [
      m("eaw-sls1", "EOS P 396", "sls-printing", 45, 24),
      m("eaw-sla1", "Formlabs Form 3L", "sla-printing", 22, 24),
    ],
    certifications: ["ISO 9001", "ISO 13485"],
  },
  {
    kind: "manufacturer",
    accountIndex: 8,
    name: "Shenzhen Bright Mould Co., Ltd.",
    location: { city: "Shenzhen", country: "CN", lat: 22.5431, lon: 114.0579 },
    materials: ["abs", "polycarbonate", "polypropylene", "aluminium-6061"],
    machines: [
      m("sbm-im1", "Haitian MA1600", "injection-moulding", 70, 22),
      m("sbm-im2", "ENGEL e-mac 180", "injection-moulding", 85, 22),
      m("sbm-m1", "Haas VF-3 (mould shop)", "cnc-milling", 45, 20),
    ],
    certifications: ["ISO 9001", "IATF 16949"],
  },
  {
    kind: "manufacturer",
    accountIndex: 9,
    name: "Pune Precision Components Pvt. Ltd.",
    location: { city: "Pune", country: "IN", lat: 18.5204, lon: 73.8567 },
    materials: ["steel-4140", "steel-s235", "brass-c360", "aluminium-6061"],
    machines: [
      m("ppc-t1", "ACE Jobber XL", "cnc-turning", 38, 20),
      m("ppc-m1", "BFW Agni BMV 45", "cnc-milling", 42, 20),
    ],
    certifications: ["ISO 9001"],
    slowShare: 0.2,
  },
  {
    kind: "manufacturer",
    accountIndex: 11,
    name: "Motor City Print Lab LLC",
    location: { city: "Detroit", country: "US", lat: 42.3314, lon: -83.0458 },
    materials: ["petg", "pla", "abs", "resin-standard"],
    machines: [
      m("mcp-f1", "Prusa XL (5-tool)", "fdm-printing", 9, 24),
      m("mcp-f2", "Bambu Lab X1E", "fdm-printing", 10, 24),
      m("mcp-sla1", "Formlabs Form 3+", "sla-printing", 20, 24),
    ],
    certifications: [],
    slowShare: 0.5,
  },
  {
    kind: "manufacturer",
    accountIndex: 12,
    name: "Osaka Seimitsu Kogyo K.K.",
    location: { city: "Osaka", country: "JP", lat: 34.6937, lon: 135.5023 },
    materials: ["aluminium-6061", "aluminium-5052", "titanium-ti6al4v", "stainless-316", "steel-s235"],
    machines: [
      m("osk-m1", "Okuma GENOS M560-V", "cnc-milling", 90),
      m("osk-t1", "Okuma LB3000 EX II", "cnc-turning", 85),
      m("osk-s1", "Amada HRB 1003 + LC 3015", "sheet-metal", 65),
    ],
    certifications: ["ISO 9001", "AS9100"],
  },
];

/** Three customers. */
export const demoCustomers: readonly DemoCustomer[] = [
  {
    kind: "customer",
    accountIndex: 1,
    name: "Lumen Robotics GmbH",
    location: { city: "Munich", country: "DE", lat: 48.1351, lon: 11.582 },
    industry: "robotics",
  },
  {
    kind: "customer",
    accountIndex: 2,
    name: "AeroDrone Works SAS",
    location: { city: "Toulouse", country: "FR", lat: 43.6047, lon: 1.4442 },
    industry: "drones",
  },
  {
    kind: "customer",
    accountIndex: 3,
    name: "Harbor MedTech Inc.",
    location: { city: "Boston", country: "US", lat: 42.3601, lon: -71.0589 },
    industry: "medical devices",
  },
];

/** The arbiter governance admits. */
export const demoArbiter: DemoArbiter = {
  kind: "arbiter",
  accountIndex: 10,
  name: "Geneva Technical Arbitration Panel",
  location: { city: "Geneva", country: "CH", lat: 46.2044, lon: 6.1432 },
};

/** A design a demo designer registers, and the licence it grants to build it (none: not licensed). */
export type DemoDesign = {
  title: string;
  process: string;
  material: string;
  licence?: {
    /** tUSD per unit built. */
    royaltyPerUnit: number;
    maxUnits: number;
    /** Any maker, or the demo manufacturers with these account indices. */
    makers: "open" | readonly number[];
  };
};

/** An industrial design studio: it registers designs as tokens and licenses them to makers. */
export type DemoDesigner = {
  kind: "designer";
  accountIndex: number;
  name: string;
  location: Location;
  designs: readonly DemoDesign[];
};

export const demoDesigner: DemoDesigner = {
  kind: "designer",
  accountIndex: 16,
  name: "Atelier Vogel Industrial Design",
  location: { city: "Zurich", country: "CH", lat: 47.3769, lon: 8.5417 },
  designs: [
    {
      title: "Planetary gearbox housing GH-40",
      process: "cnc-milling",
      material: "aluminium-6061",
      licence: { royaltyPerUnit: 4, maxUnits: 5_000, makers: "open" },
    },
    {
      title: "Quadcopter arm bracket QA-7",
      process: "fdm-printing",
      material: "petg",
      licence: { royaltyPerUnit: 1.5, maxUnits: 20_000, makers: [7, 11] },
    },
    { title: "Valve body DN25 (unreleased)", process: "cnc-turning", material: "stainless-316l" },
  ],
};

/** A demo certification body. */
export type DemoCertifier = { kind: "certifier"; accountIndex: number; name: string; location: Location };

/**
 * The certification body governance admits. It certifies each manufacturer for the certifications
 * its profile lists (most list ISO 9001, a few AS9100 or ISO 13485; one lists none).
 */
export const demoCertifier: DemoCertifier = {
  kind: "certifier",
  accountIndex: 13,
  name: "Rheinland Quality Certification GmbH",
  location: { city: "Cologne", country: "DE", lat: 50.9375, lon: 6.9603 },
};

/**
 * A second certification body, not admitted at genesis: the demo's members admit it by proposal.
 */
export const demoCandidateCertifier: DemoCertifier = {
  kind: "certifier",
  accountIndex: 15,
  name: "Nordic Inspection & Certification AB",
  location: { city: "Gothenburg", country: "SE", lat: 57.7089, lon: 11.9746 },
};

/** Index of the deploying account on a local chain (it keeps no power once the DAO takes over). */
export const governanceIndex = 0;

const dip = (whole: number) => BigInt(whole) * 10n ** 18n;

/**
 * The demo network's genesis, as `deployDipnet` takes it: the arbiter and the certifier admitted at
 * deployment, DIP held by every participant (makers 80,000, customers 60,000, arbiter and certifier
 * 20,000 each; more is minted only by proposal) and governance settings at their lower bounds, so a proposal runs its course in about two and a half real minutes at the demo's
 * 1,200× chain time: an hour's delay, a day's vote, a day in the timelock.
 */
export function demoGenesis(): {
  arbiters: Address[];
  certifiers: { account: Address }[];
  dao: DaoParameters;
} {
  const holders = [
    ...demoManufacturers.map((x) => ({ index: x.accountIndex, amount: dip(80_000) })),
    ...demoCustomers.map((x) => ({ index: x.accountIndex, amount: dip(60_000) })),
    { index: demoArbiter.accountIndex, amount: dip(20_000) },
    { index: demoCertifier.accountIndex, amount: dip(20_000) },
  ];
  return {
    arbiters: [demoAccount(demoArbiter.accountIndex).address],
    certifiers: [{ account: demoAccount(demoCertifier.accountIndex).address }],
    dao: {
      allocation: holders.map((h) => ({ account: demoAccount(h.index).address, amount: h.amount })),
      settings: { votingDelay: 3_600, votingPeriod: 86_400, proposalThreshold: dip(5_000), quorumPercent: 10 },
      timelockDelay: 86_400,
    },
  };
}

/**
 * Index of the account that pays for Merkle anchoring on a local chain (`npm start`). No demo
 * participant sends with it, so its transactions never race theirs for a nonce.
 */
export const anchorerIndex = 14;

let root: HDKey | undefined;

/** The development-mnemonic account at `index` (any index, unlike the SDK's eleven named ones). */
export function demoAccount(index: number): HDAccount {
  // node:crypto PBKDF2: noble's pure-JS one costs ~100 ms per derivation.
  root ??= HDKey.fromMasterSeed(pbkdf2Sync(devMnemonic.normalize("NFKD"), "mnemonic", 2048, 64, "sha512"));
  return hdKeyToAccount(root, { addressIndex: index });
}

const polymers = new Set(["pla", "petg", "abs", "pa12-powder", "resin-standard", "polypropylene", "polycarbonate"]);
const polymerProcesses = new Set(["fdm-printing", "sla-printing", "sls-printing", "injection-moulding"]);

/** The public profile document of a demo participant (its keccak hash goes on chain). */
export function profileDocument(
  p: DemoManufacturer | DemoCustomer | DemoArbiter | DemoCertifier | DemoDesigner,
  address: string,
) {
  const base = {
    schema: "dipnet/profile@1",
    name: p.name,
    role: p.kind,
    kind: p.kind,
    address: address.toLowerCase(),
    city: p.location.city,
    country: p.location.country,
    lat: p.location.lat,
    lon: p.location.lon,
  };
  if (p.kind === "manufacturer") {
    return {
      ...base,
      processes: [...new Set(p.machines.map((x) => x.process))],
      capabilities: [...new Set(p.machines.map((x) => x.process))].map((process) => ({
        process,
        materials: p.materials.filter((mat) => polymers.has(mat) === polymerProcesses.has(process)),
        machines: p.machines.filter((x) => x.process === process).length,
      })),
      materials: p.materials,
      machines: p.machines.map((x) => ({
        id: x.id,
        type: x.type,
        process: x.process,
        hourlyRate: x.hourlyRate,
        currency: "USD",
        hoursPerDay: x.hoursPerDay,
      })),
      certifications: p.certifications,
    };
  }
  if (p.kind === "customer") return { ...base, industry: p.industry };
  return base;
}
