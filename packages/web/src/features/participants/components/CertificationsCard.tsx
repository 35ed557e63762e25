// A participant's certifications as the chain says now (EAS attestations, the certifier registry's
// verdict): type, issuer, certificate number, issue and expiry dates, and valid / expired / revoked.
import { useQuery } from "@tanstack/react-query";
import { AddressLink, Card, ErrorNote, Loading, Pill } from "../../../components/ui.tsx";
import { api, type Certification } from "../../../lib/api.ts";
import { formatDate } from "../../../lib/format.ts";

const statusText: Record<Certification["status"], string> = {
  valid: "valid",
  expired: "expired",
  revoked: "revoked",
  "issuer-not-admitted": "issuer no longer admitted",
};

export function CertificationsCard({ address, declared }: { address: string; declared: string[] }) {
  const q = useQuery({
    queryKey: ["certifications", address.toLowerCase()],
    queryFn: ({ signal }) => api.certifications(address, signal),
    staleTime: 30_000,
  });
  const held = new Set((q.data?.items ?? []).filter((c) => c.valid).map((c) => c.type));
  const unproven = declared.filter((d) => !held.has(d));
  return (
    <Card
      title="Certifications"
      subtitle="Attested on chain by certifiers governance admits; exportable as W3C credentials."
    >
      {q.isPending ? (
        <Loading rows={2} />
      ) : q.error ? (
        <ErrorNote error={q.error} retry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <p className="muted" data-testid="no-certifications">
          No certification attested on chain.
        </p>
      ) : (
        <ul className="cert-list" data-testid="certifications">
          {q.data.items.map((c) => (
            <li key={c.uid} className={`cert ${c.valid ? "" : "cert-out"}`} data-testid="certification">
              <div className="cert-head">
                <strong>{c.type}</strong>
                <Pill tone={c.valid ? "ok" : "warn"}>{statusText[c.status]}</Pill>
              </div>
              <div className="cert-facts">
                {c.certificateNumber && <span>No. {c.certificateNumber}</span>}
                <span>
                  issued {formatDate(c.issuedAt)} · {c.status === "expired" ? "expired" : "expires"}{" "}
                  {formatDate(c.expiresAt)}
                  {c.revokedAt ? ` · revoked ${formatDate(c.revokedAt)}` : ""}
                </span>
                <span>
                  by <AddressLink address={c.issuer} />
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {unproven.length > 0 && (
        <p className="muted small" data-testid="self-declared">
          Self-declared in the profile, without a valid attestation: {unproven.join(", ")}
        </p>
      )}
    </Card>
  );
}
