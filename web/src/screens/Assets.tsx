import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { AgentStatus, AssetRowFragment, AssetType } from '../gql/graphql';
import { errorText } from '../api';
import { href } from '../router';
import { ClientPicker, type PickedClient } from '../components/ClientPicker';
import { Loading, Notice, StatusBadge, When, humanize } from '../components/ui';

// AssetRow is what a row of an asset table shows.
export const AssetRow = graphql(`
  fragment AssetRow on Asset {
    id name assetType serialNumber status
    client { id name }
    rmm { provider agentStatus lastSeenAt }
  }
`);

const AssetsQuery = graphql(`
  query Assets($first: Int, $after: String, $filter: AssetFilter) {
    providers { id displayName }
    assets(first: $first, after: $after, filter: $filter, orderBy: { field: NAME, direction: ASC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...AssetRow }
    }
  }
`);

const assetTypes: AssetType[] = ['WORKSTATION', 'SERVER', 'NETWORK_DEVICE', 'MOBILE_DEVICE', 'PRINTER', 'UNKNOWN'];
const agentStatuses: AgentStatus[] = ['ONLINE', 'OFFLINE', 'OVERDUE', 'UNKNOWN'];
const lastSeenChoices: Record<string, { label: string; after?: number; before?: number }> = {
  any: { label: 'Any time' },
  day: { label: 'Within 24 hours', after: 1 },
  week: { label: 'Within 7 days', after: 7 },
  stale: { label: 'More than 30 days ago', before: 30 },
};

export function AssetRows({ nodes, caption }: { nodes: AssetRowFragment[]; caption: string }) {
  if (nodes.length === 0) return <p className="muted">No assets.</p>;
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Serial</th><th scope="col">Client</th><th scope="col">RMM</th>
          <th scope="col">Agent</th><th scope="col">Last seen</th><th scope="col">Status</th></tr>
      </thead>
      <tbody>
        {nodes.map((a) => (
          <tr key={a.id}>
            <th scope="row"><a href={href('assets', a.id)}>{a.name}</a></th>
            <td>{humanize(a.assetType)}</td>
            <td>{a.serialNumber ?? <span className="muted">—</span>}</td>
            <td>{a.client.name}</td>
            <td>{a.rmm?.provider ?? '—'}</td>
            <td>{a.rmm ? <StatusBadge status={a.rmm.agentStatus} /> : '—'}</td>
            <td><When at={a.rmm?.lastSeenAt} empty="—" /></td>
            <td>{humanize(a.status)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// Assets is the asset table with the API's filters and keyset paging.
export function Assets() {
  const [search, setSearch] = useState('');
  const [client, setClient] = useState<PickedClient | null>(null);
  const [provider, setProvider] = useState('');
  const [assetType, setAssetType] = useState('');
  const [status, setStatus] = useState('');
  const [agent, setAgent] = useState('');
  const [lastSeen, setLastSeen] = useState('any');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const reset = () => setCursors([null]);
  const seen = lastSeenChoices[lastSeen];
  const day = 24 * 3600 * 1000;
  const [now] = useState(() => Date.now());
  const filter = {
    search: search.trim() || null,
    clientIds: client ? [client.id] : null,
    providers: provider ? [provider] : null,
    assetTypes: assetType ? [assetType as AssetType] : null,
    statuses: status ? [status] : null,
    agentStatuses: agent ? [agent as AgentStatus] : null,
    lastSeenAfter: seen.after ? new Date(now - seen.after * day).toISOString() : null,
    lastSeenBefore: seen.before ? new Date(now - seen.before * day).toISOString() : null,
  };
  const [{ data, fetching, error }] = useQuery({ query: AssetsQuery, variables: { first: 50, after: cursors[cursors.length - 1], filter } });
  const conn = data?.assets;
  const select = (id: string, label: string, value: string, set: (v: string) => void, options: [string, string][]) => (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => { set(e.target.value); reset(); }}>
        {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
    </div>
  );
  return (
    <main>
      <h1>Assets</h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="filter">
          <label htmlFor="asset-search">Name or serial</label>
          <input id="asset-search" type="search" value={search} onChange={(e) => { setSearch(e.target.value); reset(); }} />
        </div>
        <ClientPicker label="Client" value={client} onChange={(c) => { setClient(c); reset(); }} />
        {select('asset-provider', 'RMM', provider, setProvider, [['', 'Any'], ...(data?.providers ?? []).map((p) => [p.id, p.displayName] as [string, string])])}
        {select('asset-type', 'Type', assetType, setAssetType, [['', 'Any'], ...assetTypes.map((t) => [t, humanize(t)] as [string, string])])}
        {select('asset-status', 'Status', status, setStatus, [['', 'Any'], ['active', 'Active'], ['inactive', 'Retired'], ['pending', 'Pending']])}
        {select('asset-agent', 'Agent', agent, setAgent, [['', 'Any'], ...agentStatuses.map((s) => [s, humanize(s)] as [string, string])])}
        {select('asset-seen', 'Last seen', lastSeen, setLastSeen, Object.entries(lastSeenChoices).map(([k, v]) => [k, v.label] as [string, string]))}
      </form>
      <Notice tone="error">{errorText(error)}</Notice>
      {!conn && fetching ? <Loading /> : null}
      {conn ? (
        <>
          <p className="muted" aria-live="polite">{conn.totalCount} asset{conn.totalCount === 1 ? '' : 's'}</p>
          <AssetRows nodes={conn.nodes} caption="Assets" />
          <div className="pager">
            <button type="button" className="btn btn-secondary" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>Previous</button>
            <span className="muted">Page {cursors.length}</span>
            <button type="button" className="btn btn-secondary" disabled={!conn.pageInfo.hasNextPage}
              onClick={() => conn.pageInfo.endCursor && setCursors([...cursors, conn.pageInfo.endCursor])}>Next</button>
          </div>
        </>
      ) : null}
    </main>
  );
}
