// Generated from the node's /openapi.json by scripts/generate-api.ts: do not edit.
// Regenerate: npm run generate:api -w @dipnet/web

export interface paths {
    "/api/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Settings of the dashboard this node serves
         * @description `demoAccounts`: the dashboard may offer the public development accounts (a node listening on loopback only; the dashboard also asks the chain itself for chain id 31337).
         */
        get: operations["getApiDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List orders (every RFQ is an order; `status` says where it is) */
        get: operations["getApiOrders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rfqs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List RFQs: orders in status Open (not yet awarded) */
        get: operations["getApiRfqs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One order with its full timeline (every step's tx hash, block, time, evidence hash), milestones and bids */
        get: operations["getApiOrdersId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/bids": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List bids across orders, newest first */
        get: operations["getApiBids"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}/bids": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Bids on one order, newest first */
        get: operations["getApiOrdersIdBids"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/balances/{address}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the contracts owe an account: withdrawable payments (market) and claimable slashed stake (registry); one item per contract and token, so never paged (`next` is null) */
        get: operations["getApiBalancesAddress"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Network statistics (SQL aggregates, computed once per indexed block) */
        get: operations["getApiStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/stats/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Orders posted and completed, and prices awarded per payment token, per time bucket up to the newest indexed block (8–30 buckets sized to the span since the first order) */
        get: operations["getApiStatsActivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/contracts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Chain id and contract addresses of the deployment this node indexes */
        get: operations["getApiContracts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/participants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List registered participants, newest first */
        get: operations["getApiParticipants"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/participants/{address}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One participant */
        get: operations["getApiParticipantsAddress"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/participants/{address}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An account's orders by status as the customer and as the manufacturer (any address, registered or not) */
        get: operations["getApiParticipantsAddressStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/participants/{address}/certifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Certifications issued to an account (EAS), each with issuer, expiry and current validity */
        get: operations["getApiParticipantsAddressCertifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{hash}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A published document (profile, specification, evidence) by its keccak256 content hash */
        get: operations["getApiDocumentsHash"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish a document for an order (inspection report, certificate, measurement, photo, delivery note, production evidence): its customer, its maker or its dispute's arbiter, signed in, with an EIP-712 signature of (orderId, kind, documentHash) by the same account. Stored content-addressed; publishing it again changes nothing */
        post: operations["postApiDocuments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The documents the order's parties published for it, newest first (at most 500): each signed statement; the documents are at /api/documents/:hash */
        get: operations["getApiOrdersIdDocuments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/machines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Machines registered on the capacity ledger */
        get: operations["getApiMachines"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/capacity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reservations and downtime per active machine overlapping [from, to) */
        get: operations["getApiCapacity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/capacity/proposal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The planner's proposal: Open and Awarded orders without live reservations planned onto the ledger's machines
         * @description Computed by the node's planning worker around live reservations and downtime, once per indexed block, for at most the 200 oldest such orders. 503 when this node runs no planner.
         */
        get: operations["getApiCapacityProposal"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/readings/{manufacturer}/{device}/{seq}/proof": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The Merkle proof of message seq of the manufacturer's device (device ids live in their manufacturer's namespace): the signed message, its leaf, the proof, the batch root and where it is anchored. Check it with `dipnet evidence verify`. */
        get: operations["getApiReadingsManufacturerDeviceSeqProof"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/evidence/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The node's Merkle batches of device messages, newest first */
        get: operations["getApiEvidenceBatches"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/nonce": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A single-use nonce for a Sign-In with Ethereum message */
        get: operations["getApiAuthNonce"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Verifies a signed EIP-4361 message and starts a session (cookie) */
        post: operations["postApiAuthVerify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether the request is signed in, and as whom
         * @description Always 200, so that a signed-out browser asking is no error: `signedIn` false, or true with the account.
         */
        get: operations["getApiAuthSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ends the session */
        post: operations["postApiAuthLogout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}/private": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Private view of an order: its customer, its maker, or its dispute's arbiter only */
        get: operations["getApiOrdersIdPrivate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The order's private thread (customer, maker, dispute arbiter), oldest first, sealed
         * @description Messages are sealed in their authors' clients to the readers' encryption keys: the node stores and returns ciphertext only. `readers` are whom a new message is for (`required` ones must be recipients).
         */
        get: operations["getApiOrdersIdMessages"];
        put?: never;
        /**
         * Writes a sealed message to the order's private thread (customer, maker, dispute arbiter)
         * @description The body is a message sealed in the client (SDK `sealMessage`) to the registered encryption keys of `recipients`: the author, the customer and the maker at least, optionally the arbiters who may rule. The node checks its shape and keys and never decrypts it; plaintext is refused.
         */
        post: operations["postApiOrdersIdMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/participants/{address}/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A participant's own settings (contact, notifications): only the participant itself */
        get: operations["getApiParticipantsAddressSettings"];
        /** Replaces a participant's own settings: only the participant itself */
        put: operations["putApiParticipantsAddressSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/traceability/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Store a GS1 EPCIS 2.0 event (JSON-LD), validated against the EPCIS 2.0 JSON schema; its hash is what `recordTrace` puts on chain. Needs a session of the order's maker or customer, or of an account that held custody of one of the event's items in the order */
        post: operations["postApiTraceabilityEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/parts/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A part's history: its EPCIS events and those of the shipments it was packed into whose hashes the custodian recorded on chain for the part's order, in time order, and its current custodian */
        get: operations["getApiPartsIdHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}/bundle.car": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The order's evidence bundle (CAR): its events on chain with the documents their hashes commit to, the documents its parties published with their signatures, the Merkle proofs of the machine readings its evidence cites, and its parties' registrations and certifications */
        get: operations["getApiOrdersIdBundleCar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/parts/{id}/bundle.car": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A traced part's evidence bundle (CAR): its order's bundle naming the part, with the EPCIS events of its history and their records on chain */
        get: operations["getApiPartsIdBundleCar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Registered IoT devices with their ingest state, by id (then manufacturer) */
        get: operations["getApiDevices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{manufacturer}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One IoT device with its ingest state */
        get: operations["getApiDevicesManufacturerId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{manufacturer}/{id}/readings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A device's stored readings (signature-verified), by reading time
         * @description Readings of accepted messages only, ordered by (ts, seq, idx). `from`/`to` bound the reading time [from, to) in ms since the epoch. Up to 1000 per page for charts.
         */
        get: operations["getApiDevicesManufacturerIdReadings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/vault/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Vault files this node holds, newest first */
        get: operations["getApiVaultFiles"];
        put?: never;
        /**
         * Store a vault file (client-side encrypted) in IPFS
         * @description The body is the ciphertext (application/octet-stream) in the vault format of @dipnet/sdk; anything else is refused. The uploader is the signed-in account, if any.
         */
        post: operations["postApiVaultFiles"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/vault/files/{cid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A vault file's ciphertext, fetched from IPFS peers when this node does not hold it
         * @description Answers 504 naming the CID when the file does not arrive from any peer in time.
         */
        get: operations["getApiVaultFilesCid"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/vault/files/{cid}/meta": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What this node knows of a vault file: size, recipients' keys, uploader, when stored */
        get: operations["getApiVaultFilesCidMeta"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ipfs/peers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This node's IPFS identity, the addresses peers dial (DIPNET_IPFS_PEERS), connected peers */
        get: operations["getApiIpfsPeers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/governance/proposals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Governor proposals, newest first, with their state, tally, quorum and decoded calls */
        get: operations["getApiGovernanceProposals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/governance/proposals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One proposal with its votes and reasons and its timeline */
        get: operations["getApiGovernanceProposalsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/governance/parameters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every governed parameter: its value and who changed it, by which proposal */
        get: operations["getApiGovernanceParameters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/governance/delegates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Accounts DIP votes are delegated to, by votes (descending by default), ties by address */
        get: operations["getApiGovernanceDelegates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/governance/treasury": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The treasury (the timelock): balance per token and its history, newest first by default
         * @description Fees the market credits the timelock, and transfers to and from it of the tokens this node follows (the deployment's test stablecoin)
         */
        get: operations["getApiGovernanceTreasury"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rewards/{address}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An account's contribution rewards: points, budget and what it can claim per epoch, its contributions */
        get: operations["getApiRewardsAddress"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/designs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Registered designs, newest first */
        get: operations["getApiDesigns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/designs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One design with its versions and its licences (units built, royalties owed) */
        get: operations["getApiDesignsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/licences/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One licence: its terms, units built and royalties owed */
        get: operations["getApiLicencesId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}/access": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An order's confidential package, NDA acceptances and key grants */
        get: operations["getApiOrdersIdAccess"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/vault/files/{cid}/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The grants of a vault file: who may read it through which key envelope
         * @description What a grantee's client needs to find its key envelope for a file not encrypted to it: CIDs and addresses only, newest first, standing ones before revoked ones.
         */
        get: operations["getApiVaultFilesCidGrants"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: 200 while the node runs; 503 when the indexer halted */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: 503 until the indexer has caught up with the chain head */
        get: operations["getReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-Sent Events: every domain event as it is indexed (event = its name), and `reorg` on rollbacks */
        get: operations["getApiEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This API as OpenAPI 3.1 */
        get: operations["getOpenapiJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            statusCode: number;
            error: string;
            message: string;
            /** @description The request field at fault, for 400 responses */
            field?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getApiDashboard: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        demoAccounts: boolean;
                    };
                };
            };
        };
    };
    getApiOrders: {
        parameters: {
            query?: {
                /** @description Items per page (1-200). Default: 50 */
                limit?: number;
                /** @description The `next` value of the previous page */
                cursor?: string;
                /** @description Sort direction. Default: desc */
                order?: "asc" | "desc";
                /** @description Comma-separated statuses: Open, Awarded, Shipped, Disputed, Completed, Resolved, Cancelled, Defaulted */
                status?: string;
                /** @description Sort key: id, createdAt / updatedAt (block), deadline, biddingEnds (unix seconds); ties by id. Default: id */
                sort?: "id" | "createdAt" | "updatedAt" | "deadline" | "biddingEnds";
                /** @description Only orders of this customer */
                customer?: string;
                /** @description Only orders awarded to this manufacturer */
                maker?: string;
                /** @description Only orders this account is the customer or the manufacturer of */
                participant?: string;
                /** @description Manufacturing process, e.g. cnc-milling */
                process?: string;
                /** @description Material, e.g. aluminium-6061 */
                material?: string;
                /** @description Payment token */
                token?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: number;
                            /** @enum {string} */
                            status: "Open" | "Awarded" | "Shipped" | "Disputed" | "Completed" | "Resolved" | "Cancelled" | "Defaulted";
                            /** @description 20-byte address, 0x-prefixed */
                            customer: `0x${string}`;
                            maker: `0x${string}` | null;
                            /** @description 20-byte address, 0x-prefixed */
                            token: `0x${string}`;
                            /** @description Token amount in base units (decimal string) */
                            budget: string;
                            price: string | null;
                            fee: string | null;
                            /** @description Token amount in base units (decimal string) */
                            bond: string;
                            /** @description Unix seconds */
                            deadline: number;
                            /** @description Unix seconds */
                            biddingEnds: number;
                            /** @description Unix seconds */
                            revealEnds: number;
                            sealed: boolean;
                            inviteOnly: boolean;
                            invitees: `0x${string}`[];
                            specHash: `0x${string}`;
                            specURI: string;
                            process: string;
                            material: string;
                            quantity: number;
                            milestoneBps: number[];
                            milestonesSubmitted: number;
                            milestonesReleased: number;
                            requiredCertification: string | null;
                            licenceId: string | null;
                            royalty: string | null;
                            royaltyRecipient: `0x${string}` | null;
                            /** @description royalty credited to the designer so far, pro rata to the maker's pay */
                            royaltiesPaid: string;
                            /** @description Token amount in base units (decimal string) */
                            releasedAmount: string;
                            leadTime: number | null;
                            dueAt: number | null;
                            acceptanceEnds: number | null;
                            rulingEnds: number | null;
                            bidCount: number;
                            ruling: {
                                /** @description 20-byte address, 0x-prefixed */
                                arbiter: `0x${string}`;
                                refundBps: number;
                                slashBps: number;
                            } | null;
                            /** @description the dispute ended unruled after rulingEnds: half the unreleased price refunded, bond released */
                            disputeExpired: boolean;
                            cancellationCompensation: string | null;
                            settlement: {
                                /** @description Token amount in base units (decimal string) */
                                makerAmount: string;
                                /** @description Token amount in base units (decimal string) */
                                customerRefund: string;
                                /** @description Token amount in base units (decimal string) */
                                fee: string;
                                /** @description Token amount in base units (decimal string) */
                                bondSlashed: string;
                            } | null;
                            createdBlock: number;
                            /** @description Unix seconds */
                            createdAt: number;
                            createdTx: `0x${string}`;
                            awardedAt: number | null;
                            shippedAt: number | null;
                            closedAt: number | null;
                            updatedBlock: number;
                            /** @description Unix seconds */
                            updatedAt: number;
                        }[];
                        /** @description Cursor of the next page; null on the last page */
                        next: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiRfqs: {
        parameters: {
            query?: {
                /** @description Items per page (1-200). Default: 50 */
                limit?: number;
                /** @description The `next` value of the previous page */
                cursor?: string;
                /** @description Sort direction. Default: desc */
                order?: "asc" | "desc";
                /** @description Sort key: id, createdAt / updatedAt (block), deadline, biddingEnds (unix seconds); ties by id. Default: id */
                sort?: "id" | "createdAt" | "updatedAt" | "deadline" | "biddingEnds";
                /** @description Only orders of this customer */
                customer?: string;
                /** @description Manufacturing process, e.g. cnc-milling */
                process?: string;
                /** @description Material, e.g. aluminium-6061 */
                material?: string;
                /** @description Payment token */
                token?: string;
                /** @description true: only RFQs still taking bids at the chain time of the newest indexed block; false: only those whose bidding closed (awaiting award) */
                biddingOpen?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: number;
                            /** @enum {string} */
                            status: "Open" | "Awarded" | "Shipped" | "Disputed" | "Completed" | "Resolved" | "Cancelled" | "Defaulted";
                            /** @description 20-byte address, 0x-prefixed */
                            customer: `0x${string}`;
                            maker: `0x${string}` | null;
                            /** @description 20-byte address, 0x-prefixed */
                            token: `0x${string}`;
                            /** @description Token amount in base units (decimal string) */
                            budget: string;
                            price: string | null;
                            fee: string | null;
                            /** @description Token amount in base units (decimal string) */
                            bond: string;
                            /** @description Unix seconds */
                            deadline: number;
                            /** @description Unix seconds */
                            biddingEnds: number;
                            /** @description Unix seconds */
                            revealEnds: number;
                            sealed: boolean;
                            inviteOnly: boolean;
                            invitees: `0x${string}`[];
                            specHash: `0x${string}`;
                            specURI: string;
                            process: string;
                            material: string;
                            quantity: number;
                            milestoneBps: number[];
                            milestonesSubmitted: number;
                            milestonesReleased: number;
                            requiredCertification: string | null;
                            licenceId: string | null;
                            royalty: string | null;
                            royaltyRecipient: `0x${string}` | null;
                            /** @description royalty credited to the designer so far, pro rata to the maker's pay */
                            royaltiesPaid: string;
                            /** @description Token amount in base units (decimal string) */
                            releasedAmount: string;
                            leadTime: number | null;
                            dueAt: number | null;
                            acceptanceEnds: number | null;
                            rulingEnds: number | null;
                            bidCount: number;
                            ruling: {
                                /** @description 20-byte address, 0x-prefixed */
                                arbiter: `0x${string}`;
                                refundBps: number;
                                slashBps: number;
                            } | null;
                            /** @description the dispute ended unruled after rulingEnds: half the unreleased price refunded, bond released */
                            disputeExpired: boolean;
                            cancellationCompensation: string | null;
                            settlement: {
                                /** @description Token amount in base units (decimal string) */
                                makerAmount: string;
                                /** @description Token amount in base units (decimal string) */
                                customerRefund: string;
                                /** @description Token amount in base units (decimal string) */
                                fee: string;
                                /** @description Token amount in base units (decimal string) */
                                bondSlashed: string;
                            } | null;
                            createdBlock: number;
                            /** @description Unix seconds */
                            createdAt: number;
                            createdTx: `0x${string}`;
                            awardedAt: number | null;
                            shippedAt: number | null;
                            closedAt: number | null;
                            updatedBlock: number;
                            /** @description Unix seconds */
                            updatedAt: number;
                        }[];
                        /** @description Cursor of the next page; null on the last page */
                        next: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiOrdersId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Order id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        /** @enum {string} */
                        status: "Open" | "Awarded" | "Shipped" | "Disputed" | "Completed" | "Resolved" | "Cancelled" | "Defaulted";
                        /** @description 20-byte address, 0x-prefixed */
                        customer: `0x${string}`;
                        maker: `0x${string}` | null;
                        /** @description 20-byte address, 0x-prefixed */
                        token: `0x${string}`;
                        /** @description Token amount in base units (decimal string) */
                        budget: string;
                        price: string | null;
                        fee: string | null;
                        /** @description Token amount in base units (decimal string) */
                        bond: string;
                        /** @description Unix seconds */
                        deadline: number;
                        /** @description Unix seconds */
                        biddingEnds: number;
                        /** @description Unix seconds */
                        revealEnds: number;
                        sealed: boolean;
                        inviteOnly: boolean;
                        invitees: `0x${string}`[];
                        specHash: `0x${string}`;
                        specURI: string;
                        process: string;
                        material: string;
                        quantity: number;
                        milestoneBps: number[];
                        milestonesSubmitted: number;
                        milestonesReleased: number;
                        requiredCertification: string | null;
                        licenceId: string | null;
                        royalty: string | null;
                        royaltyRecipient: `0x${string}` | null;
                        /** @description royalty credited to the designer so far, pro rata to the maker's pay */
                        royaltiesPaid: string;
                        /** @description Token amount in base units (decimal string) */
                        releasedAmount: string;
                        leadTime: number | null;
                        dueAt: number | null;
                        acceptanceEnds: number | null;
                        rulingEnds: number | null;
                        bidCount: number;
                        ruling: {
                            /** @description 20-byte address, 0x-prefixed */
                            arbiter: `0x${string}`;
                            refundBps: number;
                            slashBps: number;
                        } | null;
                        /** @description the dispute ended unruled after rulingEnds: half the unreleased price refunded, bond released */
                        disputeExpired: boolean;
                        cancellationCompensation: string | null;
                        settlement: {
                            /** @description Token amount in base units (decimal string) */
                            makerAmount: string;
                            /** @description Token amount in base units (decimal string) */
                            customerRefund: string;
                            /** @description Token amount in base units (decimal string) */
                            fee: string;
                            /** @description Token amount in base units (decimal string) */
                            bondSlashed: string;
                        } | null;
                        createdBlock: number;
                        /** @description Unix seconds */
                        createdAt: number;
                        createdTx: `0x${string}`;
                        awardedAt: number | null;
                        shippedAt: number | null;
                        closedAt: number | null;
                        updatedBlock: number;
                        /** @description Unix seconds */
                        updatedAt: number;
                        /** @description The newest 500 steps, oldest first */
                        timeline: {
                            /** @description Event name, e.g. OrderShipped */
                            name: string;
                            /** @description 20-byte address, 0x-prefixed */
                            contract: `0x${string}`;
                            blockNumber: number;
                            blockHash: `0x${string}`;
                            logIndex: number;
                            /** @description Unix seconds */
                            time: number;
                            txHash: `0x${string}`;
                            evidenceHash: `0x${string}` | null;
                            args: {
                                [key: string]: unknown;
                            };
                        }[];
                        milestones: {
                            index: number;
                            bps: number;
                            evidenceHash: `0x${string}` | null;
                            submittedTx: `0x${string}` | null;
                            submittedBlock: number | null;
                            submittedAt: number | null;
                            amount: string | null;
                            releasedTx: `0x${string}` | null;
                            releasedBlock: number | null;
                            releasedAt: number | null;
                        }[];
                        /** @description The newest 200 bids, oldest first; all of them at /api/orders/:id/bids */
                        bids: {
                            orderId: number;
                            /** @description 20-byte address, 0x-prefixed */
                            maker: `0x${string}`;
                            /** @enum {string} */
                            state: "Committed" | "Active" | "Withdrawn" | "None";
                            price: string | null;
                            leadTime: number | null;
                            commitment: `0x${string}` | null;
                            deposit: string | null;
                            depositState: ("held" | "returned" | "forfeited") | null;
                            counterOffer: {
                                /** @description Token amount in base units (decimal string) */
                                price: string;
                                leadTime: number;
                            } | null;
                            /** @description Unix seconds */
                            createdAt: number;
                            /** @description Unix seconds */
                            updatedAt: number;
                            updatedBlock: number;
                            updatedTx: `0x${string}`;
                        }[];
                        /** @description Whether older timeline steps or bids were left out */
                        truncated: {
                            timeline: boolean;
                            bids: boolean;
                        };
                        /** @description The order's evidence hashes whose documents this node publishes at /api/documents/:hash */
                        documents: string[];
                        /** @description Items (EPC URIs) whose EPCIS events cite the order's evidence: see /api/parts/:id/history */
                        parts: string[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiBids: {
        parameters: {
            query?: {
                /** @description Items per page (1-200). Default: 50 */
                limit?: number;
                /** @description The `next` value of the previous page */
                cursor?: string;
                /** @description Sort direction. Default: desc */
                order?: "asc" | "desc";
                /** @description Sort key: createdAt / updatedAt (block), price (revealed price; bids without one count as the lowest); ties by order id and maker. Default: createdAt */
                sort?: "createdAt" | "updatedAt" | "price";
                /** @description Only bids in this state */
                state?: "Committed" | "Active" | "Withdrawn" | "None";
                /** @description Only this manufacturer's bids */
                maker?: string;
                /** @description Only bids on this order (RFQ) */
                orderId?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            orderId: number;
                            /** @description 20-byte address, 0x-prefixed */
                            maker: `0x${string}`;
                            /** @enum {string} */
                            state: "Committed" | "Active" | "Withdrawn" | "None";
                            price: string | null;
                            leadTime: number | null;
                            commitment: `0x${string}` | null;
                            deposit: string | null;
                            depositState: ("held" | "returned" | "forfeited") | null;
                            counterOffer: {
                                /** @description Token amount in base units (decimal string) */
                                price: string;
                                leadTime: number;
                            } | null;
                            /** @description Unix seconds */
                            createdAt: number;
                            /** @description Unix seconds */
                            updatedAt: number;
                            updatedBlock: number;
                            updatedTx: `0x${string}`;
                        }[];
                        /** @description Cursor of the next page; null on the last page */
                        next: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiOrdersIdBids: {
        parameters: {
            query?: {
                /** @description Items per page (1-200). Default: 50 */
                limit?: number;
                /** @description The `next` value of the previous page */
                cursor?: string;
                /** @description Sort direction. Default: desc */
                order?: "asc" | "desc";
                /** @description Sort key: createdAt / updatedAt (block), price (revealed price; bids without one count as the lowest); ties by order id and maker. Default: createdAt */
                sort?: "createdAt" | "updatedAt" | "price";
                /** @description Only bids in this state */
                state?: "Committed" | "Active" | "Withdrawn" | "None";
            };
            header?: never;
            path: {
                /** @description Order id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            orderId: number;
                            /** @description 20-byte address, 0x-prefixed */
                            maker: `0x${string}`;
                            /** @enum {string} */
                            state: "Committed" | "Active" | "Withdrawn" | "None";
                            price: string | null;
                            leadTime: number | null;
                            commitment: `0x${string}` | null;
                            deposit: string | null;
                            depositState: ("held" | "returned" | "forfeited") | null;
                            counterOffer: {
                                /** @description Token amount in base units (decimal string) */
                                price: string;
                                leadTime: number;
                            } | null;
                            /** @description Unix seconds */
                            createdAt: number;
                            /** @description Unix seconds */
                            updatedAt: number;
                            updatedBlock: number;
                            updatedTx: `0x${string}`;
                        }[];
                        /** @description Cursor of the next page; null on the last page */
                        next: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiBalancesAddress: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 20-byte address, 0x-prefixed */
                address: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description 20-byte address, 0x-prefixed */
                            contract: `0x${string}`;
                            /**
                             * @description market: withdrawable payments; registry: claimable slashed stake
                             * @enum {string}
                             */
                            kind: "market" | "registry";
                            /** @description 20-byte address, 0x-prefixed */
                            token: `0x${string}`;
                            /** @description Token amount in base units (decimal string) */
                            owed: string;
                            updatedBlock: number;
                        }[];
                        /** @description Cursor of the next page; null on the last page */
                        next: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiStats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        orders: {
                            total: number;
                            byStatus: {
                                [key: string]: number;
                            };
                            byProcess: {
                                [key: string]: number;
                            };
                            byMaterial: {
                                [key: string]: number;
                            };
                        };
                        participants: {
                            total: number;
                            customers: number;
                            manufacturers: number;
                        };
                        bids: number;
                        events: number;
                        /** @description Sum of awarded prices per payment token */
                        volume: {
                            /** @description 20-byte address, 0x-prefixed */
                            token: `0x${string}`;
                            /** @description Token amount in base units (decimal string) */
                            awarded: string;
                            orders: number;
                        }[];
                        /** @description Open RFQs at the chain time of the newest indexed block (`at`), as `/api/rfqs?biddingOpen=` */
                        rfqs: {
                            at: number;
                            takingBids: number;
                            awaitingAward: number;
                        };
                        /** @description What escrow holds per payment token: price + fee less released milestones of awarded, shipped and disputed orders */
                        escrow: {
                            /** @description 20-byte address, 0x-prefixed */
                            token: `0x${string}`;
                            /** @description Token amount in base units (decimal string) */
                            held: string;
                        }[];
                        /** @description Every manufacturer's deliveries, as the scorecard counts them: shipped by the due date, after it, or defaulted; onTimeRate = on time / all three */
                        deliveries: {
                            shippedOnTime: number;
                            shippedLate: number;
                            defaulted: number;
                            onTimeRate: number | null;
                        };
                    };
                };
            };
        };
    };
    getApiStatsActivity: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Chain time of the newest indexed block */
                        at: number;
                        bucketSeconds: number;
                        /** @enum {string} */
                        unit: "hour" | "6 hours" | "day" | "week" | "month";
                        buckets: {
                            start: number;
                            posted: number;
                            /** @description Completed or Resolved, by closing time */
                            completed: number;
                            /** @description Sum of prices awarded, by payment token */
                            awarded: {
                                [key: string]: string;
                            };
                        }[];
                    };
                };
            };
        };
    };
    getApiContracts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        chainId: number;
                        deployBlock: number;
                        contracts: {
                            /** @description 20-byte address, 0x-prefixed */
                            orderMarket: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            participantRegistry: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            testStablecoin?: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            capacityLedger?: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            evidenceRegistry?: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            designRegistry?: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            confidentialAccess?: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            orderServices?: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            certifierRegistry?: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            eas?: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            schemaRegistry?: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            didRegistry?: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            dipToken?: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            timelock?: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            governor?: `0x${string}`;
                        };
                    };
                };
            };
        };
    };
    getApiParticipants: {
        parameters: {
            query?: {
                /** @description Items per page (1-200). Default: 50 */
                limit?: number;
                /** @description The `next` value of the previous page */
                cursor?: string;
                /** @description Sort direction. Default: desc */
                order?: "asc" | "desc";
                /** @description Sort key: registeredAt (block), address, stake, completedOrders (orders completed as the maker); ties by address. Default: registeredAt */
                sort?: "registeredAt" | "address" | "stake" | "completedOrders";
                /** @description Only participants in this role */
                role?: "customer" | "manufacturer";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description 20-byte address, 0x-prefixed */
                            address: `0x${string}`;
                            roles: ("customer" | "manufacturer")[];
                            roleBits: number;
                            /** @description Unix seconds */
                            registeredAt: number;
                            registeredBlock: number;
                            profileHash: `0x${string}`;
                            profileURI: string;
                            /** @description The profile document behind profileHash, when this node holds it */
                            profile?: {
                                [key: string]: unknown;
                            } | null;
                            encryptionKey: `0x${string}`;
                            /** @description Token amount in base units (decimal string) */
                            stake: string;
                            /** @description Token amount in base units (decimal string) */
                            locked: string;
                            /** @description Token amount in base units (decimal string) */
                            freeStake: string;
                            openBonds: number;
                            /** @description Orders it completed as the maker (deliveries accepted) */
                            completedOrders: number;
                            /** @description Unix seconds */
                            updatedAt: number;
                            /** @description Manufacturers only: reputation computed from on-chain events (same function as `dipnet reputation`): on-time rate, disputes and outcomes, completed orders and value, response time */
                            scorecard?: {
                                /** @description Lowercase address */
                                maker: string;
                                ordersBidOn: number;
                                awarded: number;
                                winRate: number | null;
                                shippedOnTime: number;
                                shippedLate: number;
                                defaulted: number;
                                onTimeRate: number | null;
                                disputes: {
                                    opened: number;
                                    rate: number | null;
                                    makerFavoured: number;
                                    customerFavoured: number;
                                    split: number;
                                    slashed: number;
                                    expired: number;
                                    open: number;
                                };
                                completedOrders: number;
                                /** @description Per payment token (lowercase address): sum of awarded prices of completed orders */
                                completedValue: {
                                    [key: string]: string;
                                };
                                responseTime: {
                                    meanSeconds: number | null;
                                    medianSeconds: number | null;
                                    samples: number;
                                };
                            } | null;
                        }[];
                        /** @description Cursor of the next page; null on the last page */
                        next: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiParticipantsAddress: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 20-byte address, 0x-prefixed */
                address: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description 20-byte address, 0x-prefixed */
                        address: `0x${string}`;
                        roles: ("customer" | "manufacturer")[];
                        roleBits: number;
                        /** @description Unix seconds */
                        registeredAt: number;
                        registeredBlock: number;
                        profileHash: `0x${string}`;
                        profileURI: string;
                        /** @description The profile document behind profileHash, when this node holds it */
                        profile?: {
                            [key: string]: unknown;
                        } | null;
                        encryptionKey: `0x${string}`;
                        /** @description Token amount in base units (decimal string) */
                        stake: string;
                        /** @description Token amount in base units (decimal string) */
                        locked: string;
                        /** @description Token amount in base units (decimal string) */
                        freeStake: string;
                        openBonds: number;
                        /** @description Orders it completed as the maker (deliveries accepted) */
                        completedOrders: number;
                        /** @description Unix seconds */
                        updatedAt: number;
                        /** @description Manufacturers only: reputation computed from on-chain events (same function as `dipnet reputation`): on-time rate, disputes and outcomes, completed orders and value, response time */
                        scorecard?: {
                            /** @description Lowercase address */
                            maker: string;
                            ordersBidOn: number;
                            awarded: number;
                            winRate: number | null;
                            shippedOnTime: number;
                            shippedLate: number;
                            defaulted: number;
                            onTimeRate: number | null;
                            disputes: {
                                opened: number;
                                rate: number | null;
                                makerFavoured: number;
                                customerFavoured: number;
                                split: number;
                                slashed: number;
                                expired: number;
                                open: number;
                            };
                            completedOrders: number;
                            /** @description Per payment token (lowercase address): sum of awarded prices of completed orders */
                            completedValue: {
                                [key: string]: string;
                            };
                            responseTime: {
                                meanSeconds: number | null;
                                medianSeconds: number | null;
                                samples: number;
                            };
                        } | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiParticipantsAddressStats: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 20-byte address, 0x-prefixed */
                address: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description 20-byte address, 0x-prefixed */
                        address: `0x${string}`;
                        asCustomer: {
                            total: number;
                            byStatus: {
                                [key: string]: number;
                            };
                        };
                        /** @description Orders awarded to it, with the processes and materials it won them for */
                        asMaker: {
                            total: number;
                            byStatus: {
                                [key: string]: number;
                            };
                            byProcess: {
                                [key: string]: number;
                            };
                            byMaterial: {
                                [key: string]: number;
                            };
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiParticipantsAddressCertifications: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                address: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description EAS attestation UID */
                            uid: string;
                            /** @description e.g. "ISO 9001" */
                            type: string;
                            standard: string;
                            certificateNumber: string;
                            scope: string;
                            documentHash: string;
                            /** @description the certifier's address */
                            issuer: string;
                            issuerDid: string;
                            /** @description unix seconds */
                            issuedAt: number;
                            /** @description unix seconds */
                            expiresAt: number;
                            revokedAt: number | null;
                            /** @description unexpired, unrevoked, issuer still admitted (CertifierRegistry) */
                            valid: boolean;
                            /** @enum {string} */
                            status: "valid" | "expired" | "revoked" | "issuer-not-admitted";
                        }[];
                        /** @description the latest block's time, which expiry is judged by */
                        chainTime: number;
                        /** @description True when the account has more than the 100 newest certifications listed */
                        truncated: boolean;
                        next: null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiDocumentsHash: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description keccak256 of the document */
                hash: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postApiDocuments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    orderId: number;
                    /** @enum {string} */
                    kind: "inspection-report" | "certificate" | "measurement" | "photo" | "delivery-note" | "production-evidence" | "other";
                    /** @description The document: any JSON object; its hash is keccak256 of its canonical JSON */
                    document: {
                        [key: string]: unknown;
                    };
                    signature: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        orderId: number;
                        /** @enum {string} */
                        kind: "inspection-report" | "certificate" | "measurement" | "photo" | "delivery-note" | "production-evidence" | "other";
                        documentHash: `0x${string}`;
                        /** @description 20-byte address, 0x-prefixed */
                        publisher: `0x${string}`;
                        /**
                         * @description The publisher's role in the order
                         * @enum {string}
                         */
                        role: "customer" | "maker" | "arbiter";
                        /** @description EIP-712 signature of (orderId, kind, documentHash) by the publisher */
                        signature: string;
                        /** @description ms since the epoch, when this node stored it */
                        publishedAt: number;
                        /** @description The document's CID in IPFS (UnixFS of its canonical JSON), where nodes fetch it from each other */
                        cid: string | null;
                    };
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        orderId: number;
                        /** @enum {string} */
                        kind: "inspection-report" | "certificate" | "measurement" | "photo" | "delivery-note" | "production-evidence" | "other";
                        documentHash: `0x${string}`;
                        /** @description 20-byte address, 0x-prefixed */
                        publisher: `0x${string}`;
                        /**
                         * @description The publisher's role in the order
                         * @enum {string}
                         */
                        role: "customer" | "maker" | "arbiter";
                        /** @description EIP-712 signature of (orderId, kind, documentHash) by the publisher */
                        signature: string;
                        /** @description ms since the epoch, when this node stored it */
                        publishedAt: number;
                        /** @description The document's CID in IPFS (UnixFS of its canonical JSON), where nodes fetch it from each other */
                        cid: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiOrdersIdDocuments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            orderId: number;
                            /** @enum {string} */
                            kind: "inspection-report" | "certificate" | "measurement" | "photo" | "delivery-note" | "production-evidence" | "other";
                            documentHash: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            publisher: `0x${string}`;
                            /**
                             * @description The publisher's role in the order
                             * @enum {string}
                             */
                            role: "customer" | "maker" | "arbiter";
                            /** @description EIP-712 signature of (orderId, kind, documentHash) by the publisher */
                            signature: string;
                            /** @description ms since the epoch, when this node stored it */
                            publishedAt: number;
                            /** @description The document's CID in IPFS (UnixFS of its canonical JSON), where nodes fetch it from each other */
                            cid: string | null;
                        }[];
                        next: null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiMachines: {
        parameters: {
            query?: {
                /** @description Machines per page (1-200). Default: 200 */
                limit?: number;
                /** @description The `next` value of the previous page */
                cursor?: string;
                owner?: string;
                /** @description Include deactivated machines. Default: false */
                includeInactive?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: number;
                            owner: `0x${string}`;
                            active: boolean;
                            process: string;
                            materials: string[];
                            /** @description Work envelope in millimetres */
                            envelope: {
                                x: number;
                                y: number;
                                z: number;
                            };
                            /** @description Payment-token base units per machine hour */
                            hourlyRate: string;
                            /** @description Decimal degrees */
                            location: {
                                latitude: number;
                                longitude: number;
                            };
                            slotSeconds: number;
                            /** @description Unix seconds */
                            registeredAt: number;
                        }[];
                        /** @description Cursor of the next page; null on the last page */
                        next: string | null;
                    };
                };
            };
        };
    };
    getApiCapacity: {
        parameters: {
            query?: {
                /** @description Machines per page (1-200). Default: 200 */
                limit?: number;
                /** @description The `next` value of the previous page */
                cursor?: string;
                /** @description Window start. Default: now - 1 day */
                from?: number;
                /** @description Window end. Default: from + 14 days; at most a year after from */
                to?: number;
                /** @description Live reservations only, or all. Default: Live */
                status?: "Live" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Unix seconds */
                        from: number;
                        /** @description Unix seconds */
                        to: number;
                        /** @description Cursor of the next page of machines; null on the last page */
                        next: string | null;
                        /** @description True when the window holds more than 5000 reservations and downtimes on these machines: only the earliest are listed */
                        truncated: boolean;
                        machines: {
                            machine: {
                                id: number;
                                owner: `0x${string}`;
                                active: boolean;
                                process: string;
                                materials: string[];
                                /** @description Work envelope in millimetres */
                                envelope: {
                                    x: number;
                                    y: number;
                                    z: number;
                                };
                                /** @description Payment-token base units per machine hour */
                                hourlyRate: string;
                                /** @description Decimal degrees */
                                location: {
                                    latitude: number;
                                    longitude: number;
                                };
                                slotSeconds: number;
                                /** @description Unix seconds */
                                registeredAt: number;
                            };
                            reservations: {
                                id: number;
                                /** @description 0 for work outside DIPNET */
                                orderId: number;
                                agent: `0x${string}`;
                                /** @enum {string} */
                                status: "Live" | "Released" | "Completed";
                                fromSlot: number;
                                toSlot: number;
                                /** @description Unix seconds */
                                start: number;
                                /** @description Unix seconds */
                                end: number;
                            }[];
                            downtime: {
                                id: number;
                                /** @enum {string} */
                                reason: "Breakdown" | "Maintenance" | "Other";
                                ended: boolean;
                                fromSlot: number;
                                toSlot: number;
                                /** @description Unix seconds */
                                start: number;
                                /** @description Unix seconds */
                                end: number;
                            }[];
                        }[];
                    };
                };
            };
        };
    };
    getApiCapacityProposal: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Indexed block the proposal was computed for */
                        block: number;
                        /** @description Chain time it plans from (rounded up to whole slots) */
                        now: number;
                        steps: {
                            orderId: number;
                            /** @description Step of the order's route, from 1 */
                            step: number;
                            process: string;
                            machineId: number;
                            /** @description Unix seconds */
                            start: number;
                            /** @description Unix seconds */
                            end: number;
                            /** @description Why this machine */
                            explanation: string;
                        }[];
                        unplanned: {
                            orderId: number;
                            reason: string;
                        }[];
                        objective: {
                            tardinessH: number;
                            cost: number;
                            makespanH: number;
                            total: number;
                        } | null;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiReadingsManufacturerDeviceSeqProof: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The device's manufacturer */
                manufacturer: string;
                device: string;
                seq: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        format: "dipnet-reading-proof/v1";
                        manufacturer: `0x${string}`;
                        message: {
                            [key: string]: unknown;
                        };
                        messageHash: `0x${string}`;
                        leaf: {
                            deviceKey: `0x${string}`;
                            seq: string;
                            ts: string;
                            messageHash: `0x${string}`;
                            hash: `0x${string}`;
                        };
                        proof: `0x${string}`[];
                        root: `0x${string}`;
                        anchorer: `0x${string}`;
                        batch: {
                            id: number;
                            root: `0x${string}`;
                            leafCount: number;
                            /** @description Earliest device timestamp in the batch (ms) */
                            firstTs: number;
                            /** @description Latest device timestamp in the batch (ms) */
                            lastTs: number;
                            /** @enum {string} */
                            status: "sealed" | "anchored";
                            txHash?: string | null;
                            blockNumber?: number | null;
                            anchorer?: string | null;
                        };
                        registry: {
                            chainId: number;
                            address: string;
                        };
                    };
                };
            };
        };
    };
    getApiEvidenceBatches: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: number;
                            root: `0x${string}`;
                            leafCount: number;
                            /** @description Earliest device timestamp in the batch (ms) */
                            firstTs: number;
                            /** @description Latest device timestamp in the batch (ms) */
                            lastTs: number;
                            /** @enum {string} */
                            status: "sealed" | "anchored";
                            txHash?: string | null;
                            blockNumber?: number | null;
                            anchorer?: string | null;
                        }[];
                    };
                };
            };
        };
    };
    getApiAuthNonce: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        nonce: string;
                        expiresAt: number;
                    };
                };
            };
        };
    };
    postApiAuthVerify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    message: string;
                    signature: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        address: string;
                        chainId: number;
                        expiresAt: number;
                    };
                };
            };
        };
    };
    getApiAuthSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        signedIn: false;
                    } | {
                        /** @enum {boolean} */
                        signedIn: true;
                        address: string;
                        chainId: number;
                        expiresAt: number;
                    };
                };
            };
        };
    };
    postApiAuthLogout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        signedOut: boolean;
                    };
                };
            };
        };
    };
    getApiOrdersIdPrivate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        orderId: number;
                        /** @enum {string} */
                        role: "customer" | "maker" | "arbiter";
                        status: string;
                        customer: string;
                        maker: string | null;
                        arbiter: string | null;
                        price: string | null;
                        specUri: string;
                        messages: number;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiOrdersIdMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            author: string;
                            /** @enum {string} */
                            role: "customer" | "maker" | "arbiter";
                            /** @description base64 of the message sealed to its recipients (SDK sealMessage) */
                            ciphertext: string;
                            /** @description whose key of which version each stanza of the sealed header is, in header order */
                            recipients: {
                                account: `0x${string}`;
                                keyVersion: number;
                            }[];
                            /** @description ms since the epoch */
                            createdAt: number;
                        }[];
                        readers: {
                            account: string;
                            /** @enum {string} */
                            role: "customer" | "maker" | "arbiter";
                            /** @description every message must be sealed to this reader */
                            required: boolean;
                        }[];
                        next: null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postApiOrdersIdMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    ciphertext: string;
                    recipients: {
                        account: string;
                        keyVersion: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        author: string;
                        /** @enum {string} */
                        role: "customer" | "maker" | "arbiter";
                        /** @description base64 of the message sealed to its recipients (SDK sealMessage) */
                        ciphertext: string;
                        /** @description whose key of which version each stanza of the sealed header is, in header order */
                        recipients: {
                            account: `0x${string}`;
                            keyVersion: number;
                        }[];
                        /** @description ms since the epoch */
                        createdAt: number;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiParticipantsAddressSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                address: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        address: string;
                        email: string | null;
                        notify: {
                            rfqs: boolean;
                            bids: boolean;
                            awards: boolean;
                            milestones: boolean;
                            disputes: boolean;
                            payments: boolean;
                        };
                        updatedAt: number | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putApiParticipantsAddressSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                address: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string | null;
                    notify: {
                        rfqs: boolean;
                        bids: boolean;
                        awards: boolean;
                        milestones: boolean;
                        disputes: boolean;
                        payments: boolean;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        address: string;
                        email: string | null;
                        notify: {
                            rfqs: boolean;
                            bids: boolean;
                            awards: boolean;
                            milestones: boolean;
                            disputes: boolean;
                            payments: boolean;
                        };
                        updatedAt: number | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postApiTraceabilityEvents: {
        parameters: {
            query?: {
                /** @description The order the event belongs to; default: the order a DIPNET lot or shipment URI of the event names */
                order?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        eventHash: string;
                        type: string;
                    };
                };
            };
        };
    };
    getApiPartsIdHistory: {
        parameters: {
            query?: {
                /** @description The part's order; default: the order a DIPNET lot or shipment URI names */
                order?: number;
            };
            header?: never;
            path: {
                /** @description The part's EPC URI */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        part: string;
                        orderId: number;
                        itemId: `0x${string}`;
                        custodian: string | null;
                        events: {
                            eventHash: `0x${string}`;
                            /** @description The EPCIS event type, e.g. ObjectEvent */
                            type: string;
                            /** @description ISO 8601 */
                            eventTime: string;
                            /** @description How the event concerns the part: directly, or through the shipment it was packed into */
                            via: {
                                item: string;
                                role: string;
                            };
                            /** @description The EPCIS 2.0 event as stored */
                            event: {
                                [key: string]: unknown;
                            };
                            /** @description Where the hash was recorded on chain; null when it was not (yet) */
                            recorded: {
                                recorder: string;
                                itemId: `0x${string}`;
                                blockNumber: number;
                                txHash: `0x${string}`;
                                /** @description Unix seconds */
                                blockTime: number;
                            } | null;
                            /** @description Custody handed over with this event */
                            custodyTo: string | null;
                        }[];
                    };
                };
            };
        };
    };
    getApiOrdersIdBundleCar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.ipld.car": string;
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiPartsIdBundleCar: {
        parameters: {
            query?: {
                /** @description The part's order; default: the order a DIPNET lot or shipment URI names */
                order?: number;
            };
            header?: never;
            path: {
                /** @description The part's EPC URI */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.ipld.car": string;
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiDevices: {
        parameters: {
            query?: {
                /** @description Items per page (1-200). Default: 50 */
                limit?: number;
                /** @description The `next` value of the previous page */
                cursor?: string;
                /** @description Sort direction by id. Default: asc */
                order?: "asc" | "desc";
                /** @description Only this manufacturer's devices (as registered, in any letter case) */
                manufacturer?: string;
                /** @description Only devices of this machine (as registered) */
                machine?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            /** @enum {string} */
                            keyType: "ed25519";
                            /** @description Raw Ed25519 public key, hex */
                            publicKey: string;
                            manufacturer: string;
                            machine: string;
                            revoked: boolean;
                            /** @description Who registered it: `local` or `chain` */
                            source: string;
                            /** @description Milliseconds since the epoch */
                            registeredAt: number;
                            /** @description Highest accepted sequence number */
                            lastSeq: number | null;
                            /** @description Device time of the last accepted message */
                            lastTs: number | null;
                            /** @description Accepted messages */
                            messages: number;
                        }[];
                        /** @description Cursor of the next page; null on the last page */
                        next: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiDevicesManufacturerId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The device's manufacturer (as registered) */
                manufacturer: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        keyType: "ed25519";
                        /** @description Raw Ed25519 public key, hex */
                        publicKey: string;
                        manufacturer: string;
                        machine: string;
                        revoked: boolean;
                        /** @description Who registered it: `local` or `chain` */
                        source: string;
                        /** @description Milliseconds since the epoch */
                        registeredAt: number;
                        /** @description Highest accepted sequence number */
                        lastSeq: number | null;
                        /** @description Device time of the last accepted message */
                        lastTs: number | null;
                        /** @description Accepted messages */
                        messages: number;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiDevicesManufacturerIdReadings: {
        parameters: {
            query?: {
                /** @description Items per page (1-1000). Default: 50 */
                limit?: number;
                /** @description The `next` value of the previous page */
                cursor?: string;
                /** @description Sort direction. Default: desc */
                order?: "asc" | "desc";
                /** @description Only this metric. Default: all */
                metric?: string;
                /** @description Earliest reading time, inclusive (ms). Default: none */
                from?: number;
                /** @description Latest reading time, exclusive (ms). Default: none */
                to?: number;
            };
            header?: never;
            path: {
                /** @description The device's manufacturer (as registered) */
                manufacturer: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description Sequence number of the signed message that carried it */
                            seq: number;
                            /** @description Position in that message */
                            idx: number;
                            metric: string;
                            value: number | boolean | string;
                            unit: string | null;
                            /** @description Milliseconds since the epoch */
                            ts: number;
                        }[];
                        /** @description Cursor of the next page; null on the last page */
                        next: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiVaultFiles: {
        parameters: {
            query?: {
                /** @description only files encrypted to this X25519 public key */
                recipient?: string;
                /** @description only files this account uploaded */
                uploader?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            cid: string;
                            /** @description ciphertext bytes */
                            size: number;
                            /** @description X25519 public keys the file is encrypted to */
                            recipients: `0x${string}`[];
                            uploader: string | null;
                            /** @description ms since the epoch, when this node stored or first served it */
                            createdAt: number;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postApiVaultFiles: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cid: string;
                        size: number;
                        recipients: `0x${string}`[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiVaultFilesCid: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                cid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiVaultFilesCidMeta: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                cid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cid: string;
                        /** @description ciphertext bytes */
                        size: number;
                        /** @description X25519 public keys the file is encrypted to */
                        recipients: `0x${string}`[];
                        uploader: string | null;
                        /** @description ms since the epoch, when this node stored or first served it */
                        createdAt: number;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiIpfsPeers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "helia" | "kubo";
                        peerId: string | null;
                        multiaddrs: string[];
                        peers: string[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiGovernanceProposals: {
        parameters: {
            query?: {
                /** @description Items per page (1-200). Default: 50 */
                limit?: number;
                /** @description The `next` value of the previous page */
                cursor?: string;
                /** @description Sort direction. Default: desc */
                order?: "asc" | "desc";
                /** @description Only proposals in this state now */
                state?: "Pending" | "Active" | "Canceled" | "Defeated" | "Succeeded" | "Queued" | "Executed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description Proposal id (decimal uint256) */
                            id: string;
                            /** @description 20-byte address, 0x-prefixed */
                            proposer: `0x${string}`;
                            /** @description The description's first line, without a markdown heading's `#` */
                            title: string;
                            description: string;
                            /**
                             * @description At the chain time of the newest indexed block
                             * @enum {string}
                             */
                            state: "Pending" | "Active" | "Canceled" | "Defeated" | "Succeeded" | "Queued" | "Executed";
                            /** @description Unix seconds */
                            createdAt: number;
                            createdTx: `0x${string}`;
                            /** @description The snapshot: votes count as delegated at this time; voting opens after it */
                            voteStart: number;
                            /** @description Voting closes after this time */
                            voteEnd: number;
                            eta: number | null;
                            /** @description Votes cast, in DIP base units */
                            votes: {
                                /** @description Token amount in base units (decimal string) */
                                for: string;
                                /** @description Token amount in base units (decimal string) */
                                against: string;
                                /** @description Token amount in base units (decimal string) */
                                abstain: string;
                            };
                            /** @description Votes (for + abstain) needed: the quorum fraction of DIP's supply at voteStart */
                            quorum: string;
                            actions: {
                                /** @description 20-byte address, 0x-prefixed */
                                target: `0x${string}`;
                                /** @description Wei sent with the call */
                                value: string;
                                calldata: `0x${string}`;
                                /** @description The call decoded into words, e.g. `OrderMarket.setArbiter(…)` */
                                text: string;
                            }[];
                        }[];
                        /** @description Cursor of the next page; null on the last page */
                        next: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiGovernanceProposalsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Proposal id (decimal uint256) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Proposal id (decimal uint256) */
                        id: string;
                        /** @description 20-byte address, 0x-prefixed */
                        proposer: `0x${string}`;
                        /** @description The description's first line, without a markdown heading's `#` */
                        title: string;
                        description: string;
                        /**
                         * @description At the chain time of the newest indexed block
                         * @enum {string}
                         */
                        state: "Pending" | "Active" | "Canceled" | "Defeated" | "Succeeded" | "Queued" | "Executed";
                        /** @description Unix seconds */
                        createdAt: number;
                        createdTx: `0x${string}`;
                        /** @description The snapshot: votes count as delegated at this time; voting opens after it */
                        voteStart: number;
                        /** @description Voting closes after this time */
                        voteEnd: number;
                        eta: number | null;
                        /** @description Votes cast, in DIP base units */
                        votes: {
                            /** @description Token amount in base units (decimal string) */
                            for: string;
                            /** @description Token amount in base units (decimal string) */
                            against: string;
                            /** @description Token amount in base units (decimal string) */
                            abstain: string;
                        };
                        /** @description Votes (for + abstain) needed: the quorum fraction of DIP's supply at voteStart */
                        quorum: string;
                        actions: {
                            /** @description 20-byte address, 0x-prefixed */
                            target: `0x${string}`;
                            /** @description Wei sent with the call */
                            value: string;
                            calldata: `0x${string}`;
                            /** @description The call decoded into words, e.g. `OrderMarket.setArbiter(…)` */
                            text: string;
                        }[];
                        /** @description The votes cast, oldest first (at most 1000) */
                        ballots: {
                            /** @description 20-byte address, 0x-prefixed */
                            voter: `0x${string}`;
                            /** @enum {string} */
                            support: "for" | "against" | "abstain";
                            /** @description Token amount in base units (decimal string) */
                            weight: string;
                            reason: string;
                            /** @description Unix seconds */
                            at: number;
                            txHash: `0x${string}`;
                        }[];
                        /** @description True when more than 1000 votes were cast */
                        truncated: boolean;
                        /** @description The steps that happened, in order (active, succeeded and defeated from the voting times) */
                        timeline: {
                            /** @enum {string} */
                            state: "created" | "active" | "succeeded" | "defeated" | "queued" | "executed" | "canceled";
                            /** @description Unix seconds */
                            at: number;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiGovernanceParameters: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description The governed contract's name, e.g. OrderMarket, Governor, Timelock */
                            contract: string;
                            /** @description 20-byte address, 0x-prefixed */
                            address: `0x${string}`;
                            /** @description e.g. feeBps, votingPeriod, minDelay, arbiters */
                            name: string;
                            member: `0x${string}` | null;
                            /** @description Decimal for numbers, an address, or true / false for a set's member */
                            value: string;
                            /** @description Every change, oldest first */
                            history: {
                                value: string;
                                /** @description Unix seconds */
                                at: number;
                                blockNumber: number;
                                txHash: `0x${string}`;
                                proposalId: string | null;
                            }[];
                        }[];
                        /** @description Cursor of the next page; null on the last page */
                        next: string | null;
                    };
                };
            };
        };
    };
    getApiGovernanceDelegates: {
        parameters: {
            query?: {
                /** @description Items per page (1-200). Default: 50 */
                limit?: number;
                /** @description The `next` value of the previous page */
                cursor?: string;
                /** @description Sort direction. Default: desc */
                order?: "asc" | "desc";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description 20-byte address, 0x-prefixed */
                            address: `0x${string}`;
                            /** @description Votes delegated to it now */
                            votes: string;
                            /** @description DIP it holds */
                            balance: string;
                            /** @description Accounts that delegate to it (itself included) */
                            delegators: number;
                        }[];
                        /** @description Cursor of the next page; null on the last page */
                        next: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiGovernanceTreasury: {
        parameters: {
            query?: {
                /** @description Items per page (1-200). Default: 50 */
                limit?: number;
                /** @description The `next` value of the previous page */
                cursor?: string;
                /** @description Sort direction. Default: desc */
                order?: "asc" | "desc";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The timelock, which holds the treasury */
                        address: `0x${string}`;
                        /** @description Per token: fees credited plus transfers in, minus transfers out (the market's unwithdrawn fees included) */
                        balances: {
                            /** @description 20-byte address, 0x-prefixed */
                            token: `0x${string}`;
                            symbol: string | null;
                            decimals: number | null;
                            /** @description Token amount in base units (decimal string) */
                            amount: string;
                        }[];
                        history: {
                            /**
                             * @description fee: credited by the market at a settlement (counterparty: the customer); in / out: a transfer
                             * @enum {string}
                             */
                            kind: "fee" | "in" | "out";
                            /** @description 20-byte address, 0x-prefixed */
                            token: `0x${string}`;
                            /** @description Token amount in base units (decimal string) */
                            amount: string;
                            /** @description 20-byte address, 0x-prefixed */
                            counterparty: `0x${string}`;
                            /** @description Unix seconds */
                            at: number;
                            txHash: `0x${string}`;
                            proposalId: string | null;
                        }[];
                        next: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiRewardsAddress: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 20-byte address, 0x-prefixed */
                address: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description 20-byte address, 0x-prefixed */
                        address: `0x${string}`;
                        /** @description Epochs the account earned points in, newest first */
                        epochs: {
                            epoch: number;
                            /** @description Unix seconds */
                            start: number;
                            /** @description Claims open at this time */
                            end: number;
                            /** @description Claims close at this time; the rest can then be returned */
                            claimWindowEnds: number;
                            /** @description A claim pays at most this share of its points, in basis points */
                            capBps: number;
                            /** @description The account's points by contribution kind (one point is one DIP base unit of fee value) */
                            points: {
                                /** @description Token amount in base units (decimal string) */
                                maker: string;
                                /** @description Token amount in base units (decimal string) */
                                ruling: string;
                                /** @description Token amount in base units (decimal string) */
                                service: string;
                                /** @description Token amount in base units (decimal string) */
                                evidence: string;
                            };
                            /** @description The account's points in the epoch, all kinds */
                            accountPoints: string;
                            /** @description Every account's points in the epoch */
                            totalPoints: string;
                            /** @description DIP base units funded for the epoch */
                            budget: string;
                            /** @description DIP the account can claim now: min(budget, totalPoints × capBps / 10,000) × accountPoints / totalPoints; zero before the end, after a claim or after the window */
                            claimable: string;
                            claimed: {
                                /** @description Token amount in base units (decimal string) */
                                amount: string;
                                /** @description Unix seconds */
                                at: number;
                                txHash: `0x${string}`;
                            } | null;
                        }[];
                        /** @description Its recorded contributions, newest first */
                        contributions: {
                            /** @description Decimal uint256 */
                            orderId: string;
                            /** @enum {string} */
                            kind: "maker" | "ruling" | "service" | "evidence";
                            serviceId: string | null;
                            epoch: number | null;
                            /** @description Token amount in base units (decimal string) */
                            points: string;
                            selfDealingWith: `0x${string}` | null;
                            /** @description Unix seconds */
                            at: number;
                            txHash: `0x${string}`;
                        }[];
                        /** @description Whether it has more than the 1000 listed */
                        truncated: boolean;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiDesigns: {
        parameters: {
            query?: {
                /** @description Items per page (1-200). Default: 50 */
                limit?: number;
                /** @description The `next` value of the previous page */
                cursor?: string;
                /** @description Only designs this account owns now */
                owner?: string;
                /** @description Only designs this account registered */
                registrant?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: number;
                            /** @description 20-byte address, 0x-prefixed */
                            owner: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            registrant: `0x${string}`;
                            /** @description sha256 of the plaintext file */
                            contentHash: `0x${string}`;
                            /** @description IPFS CID of ciphertext */
                            cid: string;
                            title: string;
                            /** @description The design it is a version of */
                            parentId: number | null;
                            /** @description Block time of the registration: evidence of priority */
                            registeredAt: number;
                            registeredBlock: number;
                        }[];
                        /** @description Cursor of the next page; null on the last page */
                        next: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiDesignsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Design id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        /** @description 20-byte address, 0x-prefixed */
                        owner: `0x${string}`;
                        /** @description 20-byte address, 0x-prefixed */
                        registrant: `0x${string}`;
                        /** @description sha256 of the plaintext file */
                        contentHash: `0x${string}`;
                        /** @description IPFS CID of ciphertext */
                        cid: string;
                        title: string;
                        /** @description The design it is a version of */
                        parentId: number | null;
                        /** @description Block time of the registration: evidence of priority */
                        registeredAt: number;
                        registeredBlock: number;
                        /** @description Designs registered as its versions, oldest first */
                        versions: {
                            id: number;
                            /** @description 20-byte address, 0x-prefixed */
                            owner: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            registrant: `0x${string}`;
                            /** @description sha256 of the plaintext file */
                            contentHash: `0x${string}`;
                            /** @description IPFS CID of ciphertext */
                            cid: string;
                            title: string;
                            /** @description The design it is a version of */
                            parentId: number | null;
                            /** @description Block time of the registration: evidence of priority */
                            registeredAt: number;
                            registeredBlock: number;
                        }[];
                        /** @description Its licences, oldest first */
                        licences: {
                            id: number;
                            designId: number;
                            /** @description 20-byte address, 0x-prefixed */
                            issuer: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            paymentToken: `0x${string}`;
                            /** @description Token amount in base units (decimal string) */
                            royaltyPerUnit: string;
                            /** @description A count (decimal string) */
                            maxUnits: string;
                            /** @description A count (decimal string) */
                            unitsBuilt: string;
                            /** @description Royalties owed so far for the units built */
                            royalties: string;
                            /** @description Null: no expiry */
                            expiresAt: number | null;
                            /** @description When the design's owner ended it */
                            endedAt: number | null;
                            /** @description Any maker may build */
                            open: boolean;
                            /** @description The makers allowed (empty when open) */
                            makers: `0x${string}`[];
                            /**
                             * @description At the indexed chain time: ended by its owner, past expiry, all units built, or active
                             * @enum {string}
                             */
                            state: "active" | "ended" | "expired" | "exhausted";
                            /** @description Unix seconds */
                            createdAt: number;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiLicencesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Licence id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        designId: number;
                        /** @description 20-byte address, 0x-prefixed */
                        issuer: `0x${string}`;
                        /** @description 20-byte address, 0x-prefixed */
                        paymentToken: `0x${string}`;
                        /** @description Token amount in base units (decimal string) */
                        royaltyPerUnit: string;
                        /** @description A count (decimal string) */
                        maxUnits: string;
                        /** @description A count (decimal string) */
                        unitsBuilt: string;
                        /** @description Royalties owed so far for the units built */
                        royalties: string;
                        /** @description Null: no expiry */
                        expiresAt: number | null;
                        /** @description When the design's owner ended it */
                        endedAt: number | null;
                        /** @description Any maker may build */
                        open: boolean;
                        /** @description The makers allowed (empty when open) */
                        makers: `0x${string}`[];
                        /**
                         * @description At the indexed chain time: ended by its owner, past expiry, all units built, or active
                         * @enum {string}
                         */
                        state: "active" | "ended" | "expired" | "exhausted";
                        /** @description Unix seconds */
                        createdAt: number;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiOrdersIdAccess: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Order id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        orderId: number;
                        package: {
                            /** @description 20-byte address, 0x-prefixed */
                            customer: `0x${string}`;
                            ndaHash: `0x${string}`;
                            version: number;
                            /** @description IPFS CID of ciphertext */
                            packageCid: string;
                            /** @description Public preview */
                            previewCid: string | null;
                            /** @description Unix seconds */
                            setAt: number;
                        } | null;
                        ndaAcceptances: {
                            /** @description 20-byte address, 0x-prefixed */
                            account: `0x${string}`;
                            ndaHash: `0x${string}`;
                            /** @description Unix seconds */
                            acceptedAt: number;
                            /** @description The NDA accepted is the package's current one */
                            current: boolean;
                        }[];
                        grants: {
                            id: number;
                            /** @description 20-byte address, 0x-prefixed */
                            grantor: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            grantee: `0x${string}`;
                            /** @description IPFS CID of ciphertext */
                            fileCid: string;
                            /** @description IPFS CID of the file key wrapped to the grantee */
                            keyEnvelopeCid: string;
                            /** @description Unix seconds */
                            grantedAt: number;
                            revokedAt: number | null;
                            /**
                             * @description Revoked: no envelopes for new versions (a key already downloaded stays readable)
                             * @enum {string}
                             */
                            state: "standing" | "revoked";
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiVaultFilesCidGrants: {
        parameters: {
            query?: {
                /** @description only grants to this account */
                grantee?: string;
            };
            header?: never;
            path: {
                cid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            orderId: number;
                            id: number;
                            /** @description 20-byte address, 0x-prefixed */
                            grantor: `0x${string}`;
                            /** @description 20-byte address, 0x-prefixed */
                            grantee: `0x${string}`;
                            /** @description IPFS CID of ciphertext */
                            fileCid: string;
                            /** @description IPFS CID of the file key wrapped to the grantee */
                            keyEnvelopeCid: string;
                            /** @description Unix seconds */
                            grantedAt: number;
                            revokedAt: number | null;
                            /**
                             * @description Revoked: no envelopes for new versions (a key already downloaded stays readable)
                             * @enum {string}
                             */
                            state: "standing" | "revoked";
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        status: string;
                        state: string;
                        chainId: number;
                        indexedBlock: number | null;
                        headBlock: number | null;
                        lag: number | null;
                        error: string | null;
                    };
                };
            };
            /** @description Not ready */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        status: string;
                        state: string;
                        chainId: number;
                        indexedBlock: number | null;
                        headBlock: number | null;
                        lag: number | null;
                        error: string | null;
                    };
                };
            };
        };
    };
    getReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        status: string;
                        state: string;
                        chainId: number;
                        indexedBlock: number | null;
                        headBlock: number | null;
                        lag: number | null;
                        error: string | null;
                    };
                };
            };
            /** @description Not ready */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        status: string;
                        state: string;
                        chainId: number;
                        indexedBlock: number | null;
                        headBlock: number | null;
                        lag: number | null;
                        error: string | null;
                    };
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
        };
    };
    getApiEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOpenapiJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
}
