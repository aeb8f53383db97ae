import { useQuery } from 'urql';
import { graphql } from '../gql';
import { errorText } from '../api';
import { href } from '../router';
import { Badge, Loading, Notice, Section, StatusBadge, When, humanize } from '../components/ui';

const AssetQuery = graphql(`
  query AssetPage($id: ID!) {
    asset(id: $id) {
      id name assetType assetTag serialNumber status location createdAt updatedAt
      client { id name }
      rmm { provider deviceId organizationId agentStatus lastSeenAt lastSyncAt }
      workstation {
        osType osVersion cpuModel cpuCores ramGb storageType storageCapacityGb gpuModel lastLogin agentVersion antivirusStatus antivirusProduct
        lastRebootAt pendingPatches pendingOsPatches pendingSoftwarePatches failedPatches lastPatchScanAt currentUser uptimeSeconds lanIp wanIp
        isVirtual
        diskUsage { name totalGb freeGb utilizationPercent }
        installedSoftware { name version publisher }
        networkInterfaces { name macAddress ipAddresses dnsServers type speedMbps }
      }
      server {
        osType osVersion cpuModel cpuCores ramGb isVirtual hypervisor primaryIp agentVersion antivirusStatus antivirusProduct
        lastRebootAt pendingPatches pendingOsPatches pendingSoftwarePatches failedPatches lastPatchScanAt currentUser uptimeSeconds lanIp wanIp
        diskUsage { name totalGb freeGb utilizationPercent }
        installedSoftware { name version publisher }
        networkInterfaces { name macAddress ipAddresses dnsServers type speedMbps }
      }
      externalMappings { integrationType externalId realmId syncStatus lastSyncedAt }
      identity {
        rule
        evidence { rule outcome detail }
        sources { provider externalId scopeId lastSeenAt retired rule since fields }
        fieldSources { group provider }
        mergedInto { id name }
      }
      alerts(first: 20) { totalCount nodes { id severity status message triggeredAt } }
    }
    identityCandidates(assetId: $id) { totalCount }
  }
`);

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

const timeFields = new Set(['lastLogin', 'lastRebootAt', 'lastPatchScanAt']);

function label(k: string) {
  return humanize(k.replace(/([a-z])([A-Z])/g, '$1_$2')).replace(/\bgb\b/i, 'GB').replace(/\bip\b/i, 'IP').replace(/\bos\b/i, 'OS').replace(/\bcpu\b/i, 'CPU').replace(/\bram\b/i, 'RAM').replace(/\bgpu\b/i, 'GPU');
}

// AssetPage shows everything the API knows about one asset.
export function AssetPage({ id }: { id: string }) {
  const [{ data, fetching, error }] = useQuery({ query: AssetQuery, variables: { id } });
  const a = data?.asset;
  if (!data && fetching) return <Loading />;
  if (!a) return <main><Notice tone="error">{errorText(error) || 'No such asset.'}</Notice></main>;
  const details = a.workstation ?? a.server;
  const facts = details
    ? Object.entries(details).filter(([k, v]) => v != null && typeof v !== 'object' && k !== '__typename')
    : [];
  return (
    <main>
      <p className="crumbs"><a href={href('assets')}>Assets</a> / {a.name}</p>
      <h1>{a.name}</h1>
      <dl className="facts">
        <dt>Type</dt><dd>{humanize(a.assetType)}</dd>
        <dt>Client</dt><dd>{a.client.name}</dd>
        <dt>Serial number</dt><dd>{a.serialNumber ?? '—'}</dd>
        <dt>Asset tag</dt><dd>{a.assetTag}</dd>
        <dt>Status</dt><dd>{humanize(a.status)}</dd>
        {a.location ? <><dt>Location</dt><dd>{a.location}</dd></> : null}
      </dl>
      {a.rmm ? (
        <Section title="RMM state" actions={<StatusBadge status={a.rmm.agentStatus} />}>
          <dl className="facts">
            <dt>RMM</dt><dd>{a.rmm.provider}</dd>
            <dt>Device id</dt><dd><code>{a.rmm.deviceId}</code></dd>
            <dt>Scope</dt><dd>{a.rmm.organizationId ?? '—'}</dd>
            <dt>Last seen</dt><dd><When at={a.rmm.lastSeenAt} /></dd>
            <dt>Last synced</dt><dd><When at={a.rmm.lastSyncAt} /></dd>
          </dl>
        </Section>
      ) : null}
      {facts.length > 0 ? (
        <Section title="Hardware and OS">
          <dl className="facts">
            {facts.map(([k, v]) => (
              <div key={k} className="fact"><dt>{label(k)}</dt><dd>{timeFields.has(k) ? <When at={String(v)} /> : typeof v === 'boolean' ? (v ? 'Yes' : 'No') : String(v)}</dd></div>
            ))}
          </dl>
        </Section>
      ) : null}
      {details && details.diskUsage.length > 0 ? (
        <Section title="Disks">
          <table className="table">
            <caption className="visually-hidden">Disks</caption>
            <thead><tr><th scope="col">Volume</th><th scope="col">Size (GB)</th><th scope="col">Free (GB)</th><th scope="col">Used</th></tr></thead>
            <tbody>
              {details.diskUsage.map((d) => (
                <tr key={d.name}><th scope="row">{d.name}</th><td>{d.totalGb ?? '—'}</td><td>{d.freeGb ?? '—'}</td>
                  <td>{d.utilizationPercent != null ? <><meter min={0} max={100} value={d.utilizationPercent} aria-label={`${d.name} used`} /> {d.utilizationPercent.toFixed(0)}%</> : '—'}</td></tr>
              ))}
            </tbody>
          </table>
        </Section>
      ) : null}
      {details && details.networkInterfaces.length > 0 ? (
        <Section title="Network">
          <table className="table">
            <caption className="visually-hidden">Network adapters</caption>
            <thead><tr><th scope="col">Adapter</th><th scope="col">MAC</th><th scope="col">Addresses</th><th scope="col">DNS servers</th><th scope="col">Type</th><th scope="col">Speed</th></tr></thead>
            <tbody>
              {details.networkInterfaces.map((n, i) => (
                <tr key={i}><th scope="row">{n.name}</th><td>{n.macAddress ?? '—'}</td><td>{n.ipAddresses.join(', ') || '—'}</td>
                  <td>{n.dnsServers.join(', ') || '—'}</td><td>{n.type ?? '—'}</td><td>{n.speedMbps ? `${n.speedMbps} Mbit/s` : '—'}</td></tr>
              ))}
            </tbody>
          </table>
        </Section>
      ) : null}
      {details && details.installedSoftware.length > 0 ? (
        <Section title={`Software (${details.installedSoftware.length})`}>
          <table className="table">
            <caption className="visually-hidden">Installed software</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Version</th><th scope="col">Publisher</th></tr></thead>
            <tbody>
              {details.installedSoftware.map((s, i) => <tr key={i}><th scope="row">{s.name}</th><td>{s.version ?? '—'}</td><td>{s.publisher ?? '—'}</td></tr>)}
            </tbody>
          </table>
        </Section>
      ) : null}
      <Section title="Identity" actions={a.identity.sources.length > 1 ? <Badge tone="info">{a.identity.sources.length} RMMs</Badge> : undefined}>
        {a.identity.mergedInto ? <Notice tone="info">Merged into <a href={href('assets', a.identity.mergedInto.id)}>{a.identity.mergedInto.name}</a>: that asset carries this device now.</Notice> : null}
        {data.identityCandidates.totalCount > 0 ? <Notice tone="info"><a href={href('review')}>{data.identityCandidates.totalCount} doubtful {data.identityCandidates.totalCount === 1 ? 'match' : 'matches'}</a> with this asset await review.</Notice> : null}
        <p>{a.identity.rule === 'PROVIDER_ID' ? 'Created from its RMM device.' : `Another RMM's device was tied to it by ${lowerFirst(humanize(a.identity.rule))}.`}</p>
        {a.identity.evidence.length > 0 ? (
          <ul className="evidence">{a.identity.evidence.map((e, i) => <li key={i}>{humanize(e.outcome)} · {humanize(e.rule)}: {e.detail}</li>)}</ul>
        ) : null}
        <table className="table">
          <caption className="visually-hidden">The RMM devices that are this asset</caption>
          <thead><tr><th scope="col">RMM</th><th scope="col">Device id</th><th scope="col">Scope</th><th scope="col">Tied by</th><th scope="col">Since</th><th scope="col">Last seen</th><th scope="col">State</th></tr></thead>
          <tbody>
            {a.identity.sources.map((src) => (
              <tr key={src.provider + src.externalId}><th scope="row">{src.provider}</th><td><code>{src.externalId}</code></td><td>{src.scopeId ?? '—'}</td>
                <td>{src.rule === 'PROVIDER_ID' ? 'Created from it' : humanize(src.rule)}</td><td><When at={src.since} /></td><td><When at={src.lastSeenAt} /></td><td>{src.retired ? 'No longer reported' : 'Reporting'}</td></tr>
            ))}
          </tbody>
        </table>
        {a.identity.sources.length > 1 ? (
          <>
            <h3>Where each field group comes from</h3>
            <dl className="facts">
              {a.identity.fieldSources.map((f) => <div key={f.group} className="fact"><dt>{humanize(f.group)}</dt><dd>{f.provider ?? '—'}</dd></div>)}
            </dl>
            {a.identity.sources.filter((src) => src.fields).map((src) => (
              <details key={src.provider + src.externalId}>
                <summary>What {src.provider} reports</summary>
                <dl className="facts">
                  {Object.entries(src.fields as Record<string, unknown>).filter(([, v]) => v != null && typeof v !== 'object').map(([k, v]) => (
                    <div key={k} className="fact"><dt>{k}</dt><dd>{String(v)}</dd></div>
                  ))}
                </dl>
              </details>
            ))}
          </>
        ) : null}
      </Section>
      <Section title="External mappings">
        <table className="table">
          <caption className="visually-hidden">Identities in external systems</caption>
          <thead><tr><th scope="col">System</th><th scope="col">Id</th><th scope="col">Scope</th><th scope="col">State</th><th scope="col">Last synced</th></tr></thead>
          <tbody>
            {a.externalMappings.map((m) => (
              <tr key={m.integrationType + m.externalId}><th scope="row">{m.integrationType}</th><td><code>{m.externalId}</code></td><td>{m.realmId ?? '—'}</td>
                <td>{humanize(m.syncStatus)}</td><td><When at={m.lastSyncedAt} /></td></tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title={`Alerts (${a.alerts.totalCount})`}>
        {a.alerts.nodes.length === 0 ? <p className="muted">No alerts.</p> : (
          <table className="table">
            <caption className="visually-hidden">Alerts, newest first</caption>
            <thead><tr><th scope="col">Triggered</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Message</th></tr></thead>
            <tbody>
              {a.alerts.nodes.map((al) => (
                <tr key={al.id}><td><When at={al.triggeredAt} /></td><td>{humanize(al.severity)}</td><td><StatusBadge status={al.status} /></td><td>{al.message ?? '—'}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </main>
  );
}
