import { Link } from "wouter";
import { DownloadFile } from "../../../components/FileDrop.tsx";
import { TableHead } from "../../../components/table.tsx";
import { AddressLink, Card, Empty, ErrorNote, Loading, PageHead, Pill } from "../../../components/ui.tsx";
import { ApiError, type DesignDetail, type Licence } from "../../../lib/api.ts";
import { formatAmount, formatDate, formatDateTime, plural } from "../../../lib/format.ts";
import { useTokenMeta } from "../../../lib/hooks.ts";
import { useSession } from "../../../lib/session.tsx";
import { useDesign } from "../api/designs.ts";
import { CreateLicenceForm } from "./CreateLicenceForm.tsx";
import { RegisterDesignForm } from "./RegisterDesignForm.tsx";

function Certificate({ design }: { design: DesignDetail }) {
  return (
    <Card title="Registration certificate" subtitle="Recorded on chain; anyone can check it against the file">
      <dl className="facts" data-testid="design-certificate">
        <div>
          <dt>Design token</dt>
          <dd>#{design.id}</dd>
        </div>
        <div>
          <dt>Registered by</dt>
          <dd>
            <AddressLink address={design.registrant} />
          </dd>
        </div>
        <div>
          <dt>Owner now</dt>
          <dd>
            <AddressLink address={design.owner} />
          </dd>
        </div>
        <div>
          <dt>Registered at</dt>
          <dd>
            {formatDateTime(design.registeredAt)} <span className="muted small">(block {design.registeredBlock})</span>
          </dd>
        </div>
        <div>
          <dt>sha256 of the file</dt>
          <dd className="mono small break" data-testid="design-hash">
            {design.contentHash}
          </dd>
        </div>
        <div>
          <dt>Encrypted file (IPFS)</dt>
          <dd className="mono small break" data-testid="design-cid">
            {design.cid}
          </dd>
        </div>
        {design.parentId && (
          <div>
            <dt>Version of</dt>
            <dd>
              <Link href={`/designs/${design.parentId}`}>design #{design.parentId}</Link>
            </dd>
          </div>
        )}
      </dl>
      <DownloadFile cid={design.cid} name={design.title} />
    </Card>
  );
}

function LicenceRow({ licence }: { licence: Licence }) {
  const token = useTokenMeta(licence.paymentToken);
  return (
    <tr data-testid={`licence-${licence.id}`}>
      <td>#{licence.id}</td>
      <td>
        <Pill tone={licence.state === "active" ? "ok" : "muted"}>{licence.state}</Pill>
      </td>
      <td>{licence.open ? "any maker" : plural(licence.makers.length, "maker")}</td>
      <td className="num">{formatAmount(licence.royaltyPerUnit, token)}</td>
      <td className="num">
        {licence.unitsBuilt} / {licence.maxUnits}
      </td>
      <td className="num">{formatAmount(licence.royalties, token)}</td>
      <td className="col-optional">{licence.expiresAt ? formatDate(licence.expiresAt) : "never"}</td>
    </tr>
  );
}

function Licences({ design, mine }: { design: DesignDetail; mine: boolean }) {
  return (
    <Card title="Licences" subtitle="Who may build this design, how many units, and the royalty per unit">
      {design.licences.length === 0 ? (
        <Empty title="No licences">Its owner has not licensed it yet.</Empty>
      ) : (
        <table className="table" data-testid="licences-table">
          <TableHead
            columns={[
              ["Licence"],
              ["State"],
              ["Makers"],
              ["Royalty / unit", "num"],
              ["Units built", "num"],
              ["Royalties", "num"],
              ["Expires", "col-optional"],
            ]}
          />
          <tbody>
            {design.licences.map((l) => (
              <LicenceRow key={l.id} licence={l} />
            ))}
          </tbody>
        </table>
      )}
      {mine && <CreateLicenceForm designId={design.id} />}
    </Card>
  );
}

export function DesignPage({ id }: { id: string }) {
  const designId = Number(id);
  const { client } = useSession();
  const design = useDesign(designId);
  if (!Number.isSafeInteger(designId) || designId < 1)
    return <Empty title="No such design">Design ids are whole numbers from 1.</Empty>;
  if (design.isPending) return <Loading rows={6} />;
  if (design.isError)
    return design.error instanceof ApiError && design.error.status === 404 ? (
      <Empty title={`Design #${designId} is not registered`} action={<Link href="/designs">All designs</Link>} />
    ) : (
      <ErrorNote error={design.error} retry={() => void design.refetch()} />
    );
  const d = design.data;
  const mine = client?.account.address.toLowerCase() === d.owner.toLowerCase();
  return (
    <div className="stack" data-testid="design-page">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link href="/designs">Designs</Link> <span aria-hidden="true">/</span> <span>#{d.id}</span>
      </nav>
      <PageHead title={d.title} lede={`Design #${d.id}${d.parentId ? `, a version of design #${d.parentId}` : ""}`} />
      <Certificate design={d} />
      <Licences design={d} mine={mine} />
      <Card title="Versions" subtitle="Newer versions registered by the design's owner, each a token of its own">
        {d.versions.length === 0 ? (
          <Empty title="No newer versions" />
        ) : (
          <ul className="plain-list" data-testid="design-versions">
            {d.versions.map((v) => (
              <li key={v.id}>
                <Link href={`/designs/${v.id}`}>
                  #{v.id} {v.title}
                </Link>{" "}
                <span className="muted small">registered {formatDateTime(v.registeredAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {mine && <RegisterDesignForm parentId={d.id} />}
    </div>
  );
}
