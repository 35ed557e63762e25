import { lazy, Suspense } from "react";
import { Link, Route, Switch, useLocation } from "wouter";
import { Empty, Loading } from "../components/ui.tsx";
import { OrderPage } from "../features/orders/components/OrderPage.tsx";
import { OrdersPage } from "../features/orders/components/OrdersPage.tsx";
import { OverviewPage } from "../features/overview/components/OverviewPage.tsx";
import { ParticipantPage } from "../features/participants/components/ParticipantPage.tsx";
import { useLive } from "../lib/live.tsx";
import { useSession } from "../lib/session.tsx";
import { AccountMenu, SignerBanner } from "./AccountMenu.tsx";

// The map's outlines are the largest asset: load them only on the network page.
const CapacityPage = lazy(() =>
  import("../features/capacity/components/CapacityPage.tsx").then((m) => ({ default: m.CapacityPage })),
);
const MachinePage = lazy(() =>
  import("../features/telemetry/components/MachinePage.tsx").then((m) => ({ default: m.MachinePage })),
);
const PartPage = lazy(() =>
  import("../features/evidence/components/PartPage.tsx").then((m) => ({ default: m.PartPage })),
);
const GovernancePage = lazy(() =>
  import("../features/governance/components/GovernancePage.tsx").then((m) => ({ default: m.GovernancePage })),
);
const ProposalPage = lazy(() =>
  import("../features/governance/components/ProposalPage.tsx").then((m) => ({ default: m.ProposalPage })),
);
const DesignsPage = lazy(() =>
  import("../features/designs/components/DesignsPage.tsx").then((m) => ({ default: m.DesignsPage })),
);
const DesignPage = lazy(() =>
  import("../features/designs/components/DesignPage.tsx").then((m) => ({ default: m.DesignPage })),
);
const NetworkPage = lazy(() =>
  import("../features/network/components/NetworkPage.tsx").then((m) => ({ default: m.NetworkPage })),
);

function NavLink({ href, children }: { href: string; children: string }) {
  const [location] = useLocation();
  const active = href === "/" ? location === "/" : location.startsWith(href);
  return (
    <Link href={href} className={`nav-link ${active ? "active" : ""}`} aria-current={active ? "page" : undefined}>
      {children}
    </Link>
  );
}

function ChainStatus() {
  const { cfg, local } = useSession();
  const { connected } = useLive();
  return (
    <div className="chain-status">
      {cfg && (
        <span className={`pill ${local ? "pill-warn" : "pill-muted"}`} title={`Chain id ${cfg.chainId}`}>
          {local ? "Local chain" : `Chain ${cfg.chainId}`}
        </span>
      )}
      <span
        className={`live ${connected ? "live-on" : ""}`}
        title={connected ? "Live updates connected" : "Live updates offline"}
      >
        <span className="live-dot" aria-hidden="true" />
        {connected ? "Live" : "Offline"}
      </span>
    </div>
  );
}

export function App() {
  const { cfgError } = useSession();
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link href="/" className="brand" aria-label="DIPNET overview">
            <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
              <rect width="32" height="32" rx="7" fill="#17485c" />
              <path d="M8 22V10h6a6 6 0 0 1 0 12H8z" fill="none" stroke="#fff" strokeWidth="3" />
              <circle cx="23" cy="10" r="2.5" fill="#7dd3c0" />
            </svg>
            <span className="brand-name">DIPNET</span>
            <span className="brand-sub">manufacturing network</span>
          </Link>
          <nav className="nav" aria-label="Main">
            <NavLink href="/">Overview</NavLink>
            <NavLink href="/orders">Orders</NavLink>
            <NavLink href="/network">Network</NavLink>
            <NavLink href="/capacity">Capacity</NavLink>
            <NavLink href="/designs">Designs</NavLink>
            <NavLink href="/governance">Governance</NavLink>
          </nav>
          <ChainStatus />
          <AccountMenu />
        </div>
      </header>
      <SignerBanner />
      <main id="main" className="page">
        {cfgError && (
          <div className="error-note" role="alert">
            <strong>The DIPNET node is not answering.</strong> {cfgError.message}. Start it with <code>npm start</code>{" "}
            and reload.
          </div>
        )}
        <Suspense fallback={<Loading rows={6} />}>
          <Switch>
            <Route path="/" component={OverviewPage} />
            <Route path="/orders" component={OrdersPage} />
            <Route path="/orders/:id">{(params) => <OrderPage id={params.id} />}</Route>
            <Route path="/network" component={NetworkPage} />
            <Route path="/capacity" component={CapacityPage} />
            <Route path="/machines/:id">{(params) => <MachinePage id={params.id} />}</Route>
            <Route path="/designs" component={DesignsPage} />
            <Route path="/designs/:id">{(params) => <DesignPage id={params.id} />}</Route>
            <Route path="/governance" component={GovernancePage} />
            <Route path="/governance/proposals/:id">{(params) => <ProposalPage id={params.id} />}</Route>
            <Route path="/parts/:id">{(params) => <PartPage id={params.id} />}</Route>
            <Route path="/participants/:address">{(params) => <ParticipantPage address={params.address} />}</Route>
            <Route>
              <Empty title="Page not found" action={<Link href="/">Back to the overview</Link>}>
                There is nothing at this address.
              </Empty>
            </Route>
          </Switch>
        </Suspense>
      </main>
      <footer className="footer">
        <span>DIPNET — every agreement is a smart contract; every figure here is indexed from the chain.</span>
        <a href="/docs">API docs</a>
      </footer>
    </>
  );
}
