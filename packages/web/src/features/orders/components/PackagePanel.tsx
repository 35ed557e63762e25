// An order's confidential package: the drawings and models behind the public RFQ, encrypted in the
// customer's browser and shared key by key. The customer attaches it while bidding is open, with the
// NDA bidders must accept on chain; this panel says where the acting account stands (yours / granted
// / locked) and downloads and decrypts the package here for whoever holds its key.
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { Hex } from "viem";
import { DownloadFile, FileDrop, TransferProgress } from "../../../components/FileDrop.tsx";
import { Card, FailureLine, Pill, SubmitRow } from "../../../components/ui.tsx";
import { VaultKeyStatus } from "../../../components/VaultKeyStatus.tsx";
import { api, type OrderAccess, type OrderDetail } from "../../../lib/api.ts";
import { formatDateTime, shortHex } from "../../../lib/format.ts";
import { useChainAction } from "../../../lib/hooks.ts";
import { acceptNda, type DipnetClient, setPackage, standardNda, standardNdaHash } from "../../../lib/sdk.ts";
import { useSession } from "../../../lib/session.tsx";
import { useStoreOwnFile } from "../../../lib/vaultFiles.ts";

function useOrderAccess(orderId: number) {
  return useQuery({ queryKey: ["orderAccess", orderId], queryFn: ({ signal }) => api.orderAccess(orderId, signal) });
}

/** Where `account` stands with the order's current package. */
export type PackageAccess = "yours" | "granted" | "nda-accepted" | "locked";

function packageAccess(access: OrderAccess, account: string | undefined): PackageAccess {
  const pkg = access.package;
  const me = account?.toLowerCase();
  if (!pkg || !me) return "locked";
  if (pkg.customer.toLowerCase() === me) return "yours";
  if (
    access.grants.some((g) => g.grantee.toLowerCase() === me && g.fileCid === pkg.packageCid && g.state === "standing")
  )
    return "granted";
  if (access.ndaAcceptances.some((a) => a.account.toLowerCase() === me && a.current)) return "nda-accepted";
  return "locked";
}

const accessLabels: Record<PackageAccess, [string, "ok" | "accent" | "warn" | "muted"]> = {
  yours: ["yours", "accent"],
  granted: ["granted to you", "ok"],
  "nda-accepted": ["NDA accepted", "warn"],
  locked: ["locked", "muted"],
};

function NdaText({ ndaHash }: { ndaHash: string }) {
  if (ndaHash.toLowerCase() !== standardNdaHash)
    return (
      <p className="small">
        A custom NDA, sha256 <span className="mono">{shortHex(ndaHash, 10, 6)}</span>: the customer sends its text.
      </p>
    );
  return (
    <details className="small">
      <summary>{standardNda.title}</summary>
      <pre className="nda-text">{standardNda.text}</pre>
    </details>
  );
}

function AttachPackage({ order }: { order: OrderDetail }) {
  const [file, setFile] = useState<File>();
  const [fileError, setFileError] = useState<string>();
  const { progress, store } = useStoreOwnFile();
  const action = useChainAction(async (client: DipnetClient, chosen: File) => {
    const { cid } = await store(chosen);
    return setPackage(client, { orderId: BigInt(order.id), ndaHash: standardNdaHash, packageCid: cid });
  }, "Package attached");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFileError(file ? undefined : "Choose the package file (drawings, models: one archive).");
    if (!file) return;
    await action.run(file);
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Attach a confidential package">
      <VaultKeyStatus />
      <FileDrop label="Choose the package" file={file} onFile={setFile} disabled={action.pending} />
      {fileError && (
        <div className="field-error" role="alert">
          {fileError}
        </div>
      )}
      <p className="small muted">
        Bidders must accept the {standardNda.title} on chain before you may grant them access.
      </p>
      <TransferProgress progress={progress} />
      <SubmitRow action={action} label="Encrypt and attach" pendingLabel="Attaching…" testId="attach-package" />
    </form>
  );
}

function AcceptNda({ order, ndaHash }: { order: OrderDetail; ndaHash: Hex }) {
  const action = useChainAction(acceptNda, "NDA accepted");
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run({ orderId: BigInt(order.id), ndaHash });
      }}
      aria-label="Accept the NDA"
    >
      <SubmitRow action={action} label="Accept the NDA on chain" pendingLabel="Accepting…" testId="accept-nda" />
    </form>
  );
}

export function PackagePanel({ order }: { order: OrderDetail }) {
  const { client } = useSession();
  const access = useOrderAccess(order.id);
  if (!access.data) return access.isError ? <FailureLine error={access.error} /> : null;
  const pkg = access.data.package;
  const me = client?.account.address.toLowerCase();
  const isCustomer = me === order.customer.toLowerCase();
  if (!pkg) {
    if (!isCustomer || order.status !== "Open") return null;
    return (
      <Card title="Confidential package" subtitle="Drawings only bidders under NDA and the winner may read">
        <AttachPackage order={order} />
      </Card>
    );
  }
  const state = packageAccess(access.data, me);
  const [label, tone] = accessLabels[state];
  const ndaCurrent = pkg.ndaHash as Hex;
  return (
    <Card
      title="Confidential package"
      subtitle={`Version ${pkg.version}, attached ${formatDateTime(pkg.setAt)}`}
      actions={<Pill tone={tone}>{label}</Pill>}
    >
      <div className="stack-tight" data-testid="package-panel" data-access={state}>
        <NdaText ndaHash={ndaCurrent} />
        <p className="small muted">
          {access.data.ndaAcceptances.filter((a) => a.current).length} accepted the NDA ·{" "}
          {access.data.grants.filter((g) => g.state === "standing").length} standing grants
        </p>
        {state === "nda-accepted" && <p className="small">The customer may now grant you the package's key.</p>}
        {client && !isCustomer && state === "locked" && order.status === "Open" && (
          <AcceptNda order={order} ndaHash={ndaCurrent} />
        )}
        {(state === "yours" || state === "granted") && (
          <DownloadFile cid={pkg.packageCid} name={`order-${order.id}-package`} />
        )}
      </div>
    </Card>
  );
}
