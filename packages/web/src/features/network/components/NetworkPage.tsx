import { useMemo, useState } from "react";
import { Link } from "wouter";
import { Card, Empty, ErrorNote, Loading, PageHead, Pill } from "../../../components/ui.tsx";
import { formatAmount, humanize, shortHex } from "../../../lib/format.ts";
import { useNameOf, useStakeToken } from "../../../lib/hooks.ts";
import { onTimeText } from "../../../lib/orders.ts";
import { type Manufacturer, useManufacturers } from "../api/network.ts";
import { type MapMarker, WorldMap } from "./WorldMap.tsx";

function ratio(a: string, b: string): number {
  const d = BigInt(b);
  return d === 0n ? 0 : Number((BigInt(a) * 1000n) / d) / 10;
}

function MakerCard({
  m,
  selected,
  onSelect,
}: {
  m: Manufacturer;
  selected: boolean;
  onSelect: (id: string | undefined) => void;
}) {
  const stakeToken = useStakeToken();
  const nameOf = useNameOf();
  const p = m.resolved?.profile;
  const name = p?.name ?? nameOf(m.participant.address) ?? shortHex(m.participant.address);
  const caps = p?.capabilities.length ? p.capabilities.map((c) => c.process) : m.proven.processes;
  const materials = p?.capabilities.length
    ? [...new Set(p.capabilities.flatMap((c) => c.materials))]
    : m.proven.materials;
  const committed = ratio(m.participant.locked, m.participant.stake);
  return (
    <article
      className={`maker-card ${selected ? "selected" : ""}`}
      onMouseEnter={() => onSelect(m.participant.address)}
      onMouseLeave={() => onSelect(undefined)}
      // Keyboard focus on the card's link highlights its marker as hovering does.
      onFocus={() => onSelect(m.participant.address)}
      onBlur={() => onSelect(undefined)}
      data-testid="maker-card"
    >
      <div className="maker-head">
        <Link href={`/participants/${m.participant.address}`} className="maker-name">
          {name}
        </Link>
        <span className="maker-place">
          {p?.city ? `${p.city}${p.country ? `, ${p.country}` : ""}` : "location not published"}
        </span>
      </div>
      <div className="tags">
        {caps.length === 0 && <span className="muted small">No capabilities published yet</span>}
        {caps.slice(0, 5).map((c) => (
          <Pill key={c} tone="accent">
            {humanize(c)}
          </Pill>
        ))}
        {materials.slice(0, 4).map((c) => (
          <Pill key={c}>{humanize(c)}</Pill>
        ))}
      </div>
      <div className="mini-stats">
        <span>
          <strong>{m.inProduction}</strong> in production
        </span>
        <span>
          <strong>{m.record.completed}</strong> completed
        </span>
        <span>
          on time <strong>{onTimeText(m.record.deliveries)}</strong>
        </span>
        {m.record.disputes > 0 && (
          <span>
            <strong>{m.record.disputes}</strong> {m.record.disputes === 1 ? "dispute" : "disputes"}
          </span>
        )}
      </div>
      <div className="maker-stake">
        <div className="small muted">
          Stake {formatAmount(m.participant.stake, stakeToken)} · {committed}% committed to bonds
        </div>
        <div className="load-bar" title={`${committed}% of stake locked in bonds`}>
          <span style={{ width: `${Math.min(100, committed)}%` }} />
        </div>
      </div>
    </article>
  );
}

export function NetworkPage() {
  const { list, isPending, error, refetch } = useManufacturers();
  const nameOf = useNameOf();
  const [selected, setSelected] = useState<string | undefined>();
  const markers = useMemo<MapMarker[]>(
    () =>
      list.flatMap((m) => {
        const loc = m.resolved?.profile.location;
        if (!loc) return [];
        const { name, city, country } = m.resolved?.profile ?? {};
        return [
          {
            id: m.participant.address,
            lat: loc.lat,
            lon: loc.lon,
            name: name ?? nameOf(m.participant.address) ?? shortHex(m.participant.address),
            place: city ? `${city}${country ? `, ${country}` : ""}` : undefined,
            load: m.inProduction,
            href: `/participants/${m.participant.address}`,
          },
        ];
      }),
    [list, nameOf],
  );
  const sorted = [...list].sort((a, b) => b.record.completed - a.record.completed || b.inProduction - a.inProduction);
  const located = markers.length;
  return (
    <div className="stack">
      <PageHead
        title="Manufacturing network"
        lede={`${list.length} manufacturers · ${located} on the map · capabilities from their published profiles, records from the chain.`}
      />
      {error ? (
        <ErrorNote error={error} retry={() => void refetch()} />
      ) : isPending ? (
        <Loading rows={8} />
      ) : list.length === 0 ? (
        <Empty title="No manufacturers yet">
          Factories appear here once they register on the network and post stake.
        </Empty>
      ) : (
        <div className="network-grid">
          <Card
            title="Where they are"
            subtitle={
              located < list.length
                ? `${list.length - located} without a published location are listed only.`
                : undefined
            }
          >
            <WorldMap markers={markers} selected={selected} onSelect={setSelected} />
          </Card>
          <section className="maker-list" aria-label="Manufacturers">
            {sorted.map((m) => (
              <MakerCard
                key={m.participant.address}
                m={m}
                selected={selected === m.participant.address}
                onSelect={setSelected}
              />
            ))}
          </section>
        </div>
      )}
    </div>
  );
}
