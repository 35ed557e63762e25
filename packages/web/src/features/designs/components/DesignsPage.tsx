// The designs registered on the network, newest first, and the form to register one.
import { Link } from "wouter";
import { ShowMore, TableHead } from "../../../components/table.tsx";
import { AddressLink, Card, Empty, ErrorNote, Loading, PageHead } from "../../../components/ui.tsx";
import { formatDate, shortHex } from "../../../lib/format.ts";
import { useSession } from "../../../lib/session.tsx";
import { useDesigns } from "../api/designs.ts";
import { RegisterDesignForm } from "./RegisterDesignForm.tsx";

export function DesignsPage() {
  const { client } = useSession();
  const designs = useDesigns();
  const items = designs.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="stack">
      <PageHead
        title="Designs"
        lede="Designs registered as tokens: the hash of the file and the time of registration are evidence of priority; licences say who may build them and for what royalty."
      />
      <Card title="Registered designs">
        {designs.isPending ? (
          <Loading />
        ) : designs.isError ? (
          <ErrorNote error={designs.error} retry={() => void designs.refetch()} />
        ) : items.length === 0 ? (
          <Empty title="No designs yet">A designer registers one below or with `dipnet design register`.</Empty>
        ) : (
          <>
            <table className="table" data-testid="designs-table">
              <TableHead columns={[["Design"], ["Title"], ["Owner"], ["sha256", "col-optional"], ["Registered"]]} />
              <tbody>
                {items.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Link href={`/designs/${d.id}`} className="row-link">
                        #{d.id}
                      </Link>
                    </td>
                    <td>
                      {d.title}
                      {d.parentId && <span className="muted small"> · version of #{d.parentId}</span>}
                    </td>
                    <td>
                      <AddressLink address={d.owner} />
                    </td>
                    <td className="col-optional mono">{shortHex(d.contentHash, 10, 6)}</td>
                    <td>{formatDate(d.registeredAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <ShowMore pages={designs} />
          </>
        )}
      </Card>
      {client && <RegisterDesignForm />}
    </div>
  );
}
