import { useQuery } from 'urql';
import { graphql } from '../gql';
import { errorText } from '../api';
import { href } from '../router';
import { Badge, Loading, Notice, StatusBadge, When, humanize } from '../components/ui';

const IntegrationsQuery = graphql(`
  query Integrations {
    providers {
      id displayName description
      capabilities {
        connection scopeDiscovery fullSync incrementalSync singleDeviceSync webhookEvents alerts
        agedOutFallback acknowledgeAlerts resolveAlerts oauth remoteActions directConnect
      }
      integration {
        id isActive status syncError lastSyncAt assetCount
        connection { status reason }
        schedule { enabled nextRunAt nextRunMode }
        currentRun { id status }
      }
    }
  }
`);

// capabilityLabels lists what a provider can do, from its capabilities.
export function capabilityLabels(c: Record<string, unknown>): string[] {
  return Object.entries(c).filter(([k, on]) => on === true && !k.startsWith('__')).map(([k]) => humanize(k.replace(/([a-z])([A-Z])/g, '$1_$2')));
}

// Integrations shows one card per registered provider.
export function Integrations() {
  const [{ data, fetching, error }] = useQuery({ query: IntegrationsQuery });
  if (!data && fetching) return <Loading />;
  return (
    <main>
      <h1>Integrations</h1>
      <Notice tone="error">{errorText(error)}</Notice>
      <ul className="cards">
        {(data?.providers ?? []).map((p) => {
          const i = p.integration;
          return (
            <li key={p.id} className="card provider-card" data-provider={p.id}>
              <div className="card-head">
                <h2><a href={href('providers', p.id)}>{p.displayName}</a></h2>
                {i ? <StatusBadge status={i.connection.status} /> : <StatusBadge status="NOT_CONFIGURED" />}
              </div>
              <p>{p.description}</p>
              <ul className="badges" aria-label={`What ${p.displayName} can do`}>
                {capabilityLabels(p.capabilities).map((l) => <li key={l}><Badge tone="info">{l}</Badge></li>)}
              </ul>
              {i ? (
                <dl className="facts">
                  <dt>Last sync</dt><dd><When at={i.lastSyncAt} /> <StatusBadge status={i.currentRun ? 'RUNNING' : i.status} /></dd>
                  <dt>Next scheduled run</dt>
                  <dd>{i.schedule.enabled ? <><When at={i.schedule.nextRunAt} empty="not planned" />{i.schedule.nextRunMode ? ` (${humanize(i.schedule.nextRunMode)})` : ''}</> : <span className="muted">schedule off</span>}</dd>
                  <dt>Assets</dt><dd>{i.assetCount}</dd>
                </dl>
              ) : <p className="muted">Not connected yet.</p>}
              {i?.connection.reason ? <Notice tone="error">{i.connection.reason}</Notice> : null}
              {i?.syncError ? <Notice tone="error">Last sync failed: {i.syncError}</Notice> : null}
              <a className="btn btn-secondary" href={href('providers', p.id)}>{i ? 'Manage' : 'Connect'} {p.displayName}</a>
            </li>
          );
        })}
      </ul>
    </main>
  );
}
