import { useState } from "react";
import { useLocation, useSearch } from "wouter";
import { OrderCell, ShowMore, TableHead } from "../../../components/table.tsx";
import { AddressLink, Card, Empty, ErrorNote, Loading, PageHead, StatusBadge } from "../../../components/ui.tsx";
import { type Order, type OrderStatus, postedOrderStatuses } from "../../../lib/api.ts";
import { formatAmount, formatDate, formatRelative, humanize, plural, statusLabels } from "../../../lib/format.ts";
import { useChainNow, useStats, useTokenMeta } from "../../../lib/hooks.ts";
import { biddingOpen } from "../../../lib/orders.ts";
import { useSession } from "../../../lib/session.tsx";
import { useOrderBoard } from "../api/orders.ts";
import { CreateRfqForm } from "./CreateRfqForm.tsx";

type Party = "all" | "customer" | "maker";
type Sort = "createdAt" | "updatedAt" | "deadline" | "biddingEnds";
type Option<T extends string> = { value: T; label: string };

const partyOptions: Option<Party>[] = [
  { value: "all", label: "Everyone" },
  { value: "customer", label: "My RFQs (as customer)" },
  { value: "maker", label: "Awarded to me" },
];
const sortOptions: Option<Sort>[] = [
  { value: "createdAt", label: "Newest first" },
  { value: "updatedAt", label: "Recently active" },
  { value: "deadline", label: "Delivery deadline" },
  { value: "biddingEnds", label: "Bidding closes" },
];

/** "Any", then each of `values` as people read it. */
const anyOf = (values: string[]): Option<string>[] => [
  { value: "", label: "Any" },
  ...values.map((v) => ({ value: v, label: humanize(v) })),
];

/** One filter of the board: a labelled choice. */
function FilterSelect<T extends string>({
  label,
  value,
  onChange,
  options,
  disabled,
}: {
  label: string;
  value: T;
  onChange: (value: T) => void;
  options: readonly Option<T>[];
  disabled?: boolean;
}) {
  return (
    <label className="inline-field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as T)} disabled={disabled}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function PriceCell({ order }: { order: Order }) {
  const token = useTokenMeta(order.token);
  return order.price ? (
    <span>{formatAmount(order.price, token)}</span>
  ) : (
    <span className="muted" title="Budget ceiling">
      ≤ {formatAmount(order.budget, token)}
    </span>
  );
}

/** Where the order stands in time: bidding, due date, acceptance window or when it closed. */
function WhenText({ order, now }: { order: Order; now: number }) {
  if (order.status === "Open") {
    const bids = <span className="narrow-only">{plural(order.bidCount, "bid")} · </span>;
    return biddingOpen(order, now) ? (
      <span>
        {bids}bids close {formatRelative(order.biddingEnds, now)}
      </span>
    ) : (
      <span className="warn-text">{bids}bidding closed, awaiting award</span>
    );
  }
  if (order.status === "Awarded" && order.dueAt) return <span>due {formatDate(order.dueAt)}</span>;
  if (order.status === "Shipped" && order.acceptanceEnds)
    return <span>acceptance ends {formatRelative(order.acceptanceEnds, now)}</span>;
  return <span>{formatDate(order.closedAt ?? order.updatedAt)}</span>;
}

export function OrdersPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const { signer } = useSession();
  const now = useChainNow();
  const [statuses, setStatuses] = useState<OrderStatus[]>(() =>
    (params.get("status") ?? "")
      .split(",")
      .filter((s): s is OrderStatus => postedOrderStatuses.includes(s as OrderStatus)),
  );
  const [process, setProcess] = useState("");
  const [material, setMaterial] = useState("");
  const [party, setParty] = useState<Party>("all");
  const [sort, setSort] = useState<Sort>("createdAt");
  const [creating, setCreating] = useState(params.get("new") === "1");

  const stats = useStats().data?.orders;
  const options = {
    processes: Object.keys(stats?.byProcess ?? {}).sort(),
    materials: Object.keys(stats?.byMaterial ?? {}).sort(),
  };

  const board = useOrderBoard({
    status: statuses.length ? statuses.join(",") : undefined,
    process: process || undefined,
    material: material || undefined,
    customer: party === "customer" ? signer?.address : undefined,
    maker: party === "maker" ? signer?.address : undefined,
    sort,
    order: sort === "deadline" || sort === "biddingEnds" ? "asc" : "desc",
  });
  const rows = board.data?.pages.flatMap((p) => p.items) ?? [];

  const toggle = (s: OrderStatus) => setStatuses((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));

  return (
    <div className="stack">
      <PageHead
        title="Orders"
        lede="Every request for quotation and the order it became, straight from the chain."
        aside={
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setCreating((c) => !c)}
            aria-expanded={creating}
          >
            {creating ? "Close form" : "New RFQ"}
          </button>
        }
      />

      {creating && (
        <CreateRfqForm
          onCreated={(id) => {
            setCreating(false);
            navigate(`/orders/${id}`);
          }}
        />
      )}

      <Card>
        <fieldset className="filters">
          <legend className="sr-only">Filter orders</legend>
          <div className="chips">
            <button
              type="button"
              className={`chip ${statuses.length === 0 ? "chip-on" : ""}`}
              aria-pressed={statuses.length === 0}
              onClick={() => setStatuses([])}
            >
              All <span className="chip-count">{stats?.total ?? ""}</span>
            </button>
            {postedOrderStatuses.map((s) => (
              <button
                key={s}
                type="button"
                className={`chip chip-${s.toLowerCase()} ${statuses.includes(s) ? "chip-on" : ""}`}
                aria-pressed={statuses.includes(s)}
                onClick={() => toggle(s)}
              >
                {statusLabels[s]} <span className="chip-count">{stats?.byStatus[s] ?? 0}</span>
              </button>
            ))}
          </div>
          <div className="filter-row">
            <FilterSelect label="Process" value={process} onChange={setProcess} options={anyOf(options.processes)} />
            <FilterSelect label="Material" value={material} onChange={setMaterial} options={anyOf(options.materials)} />
            <FilterSelect label="Party" value={party} onChange={setParty} options={partyOptions} disabled={!signer} />
            <FilterSelect label="Sort" value={sort} onChange={setSort} options={sortOptions} />
          </div>
        </fieldset>

        {board.isPending ? (
          <Loading rows={6} />
        ) : board.error ? (
          <ErrorNote error={board.error} retry={() => void board.refetch()} />
        ) : rows.length === 0 ? (
          <Empty
            title={
              statuses.length || process || material || party !== "all"
                ? "No orders match these filters"
                : "No orders yet"
            }
            action={
              <button type="button" className="btn" onClick={() => setCreating(true)}>
                Post the first RFQ
              </button>
            }
          >
            Orders appear here as soon as their RFQ is on chain.
          </Empty>
        ) : (
          <div className="table-wrap">
            <table className="table orders-table">
              <TableHead
                columns={[
                  ["Order"],
                  ["Part"],
                  ["Status"],
                  ["Customer", "col-optional"],
                  ["Manufacturer"],
                  ["Price", "num"],
                  ["Bids", "num col-optional"],
                ]}
              />
              <tbody>
                {rows.map((o) => (
                  <tr key={o.id} data-testid={`order-row-${o.id}`}>
                    <OrderCell id={o.id} />
                    <td>
                      <div className="part">
                        <span>{humanize(o.process)}</span>
                        <span className="muted">
                          {humanize(o.material)} · {o.quantity} pcs
                          {o.requiredCertification && (
                            <span className="requires" title="Bidders must hold this certification">
                              {" "}
                              · requires {o.requiredCertification}
                            </span>
                          )}
                        </span>
                      </div>
                    </td>
                    <td>
                      <div className="status-cell">
                        <StatusBadge status={o.status} />
                        <span className="status-when" data-testid="order-when">
                          <WhenText order={o} now={now} />
                        </span>
                      </div>
                    </td>
                    <td className="col-optional">
                      <AddressLink address={o.customer} />
                    </td>
                    <td>{o.maker ? <AddressLink address={o.maker} /> : <span className="muted">—</span>}</td>
                    <td className="num">
                      <PriceCell order={o} />
                    </td>
                    <td className="num col-optional">{o.bidCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <ShowMore pages={board} />
      </Card>
    </div>
  );
}
