import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { errorText } from '../api';
import { ClientPicker, type PickedClient } from './ClientPicker';
import { Badge, Button, Notice, When, humanize, useAccess } from './ui';

const ScopesQuery = graphql(`
  query Scopes($provider: String!, $first: Int, $after: String, $mapped: Boolean, $search: String) {
    integration(provider: $provider) {
      id
      scopeMappings(first: $first, after: $after, mapped: $mapped, search: $search, orderBy: NAME) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          id externalId externalName kind parentExternalId autoSyncAssets lastSyncedAt deviceCount
          client { id name }
          suggestions { client { id name } confidence reasons }
        }
      }
    }
  }
`);

const MapScope = graphql(`
  mutation MapScope($scopeId: ID!, $clientId: ID!, $autoSync: Boolean) {
    mapScope(input: { scopeId: $scopeId, clientId: $clientId, autoSyncAssets: $autoSync }) {
      scopeMapping { id autoSyncAssets client { id name } }
      userErrors { field message }
    }
  }
`);

const UnmapScope = graphql(`
  mutation UnmapScope($scopeId: ID!) {
    unmapScope(input: { scopeId: $scopeId }) {
      scopeMapping { id client { id name } }
      userErrors { field message }
    }
  }
`);

const pageSize = 25;
type Filter = 'all' | 'unmapped' | 'mapped';

// ScopeManager maps an integration's scopes to PSA clients, for any
// provider: search and page, map one or many to a client (found or made
// inline), toggle auto-sync, unmap.
export function ScopeManager({ provider }: { provider: string }) {
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [target, setTarget] = useState<PickedClient | null>(null);
  const [rowTarget, setRowTarget] = useState<{ scope: string; client: PickedClient | null } | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const access = useAccess();
  const after = cursors[cursors.length - 1];
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ScopesQuery,
    variables: { provider, first: pageSize, after, mapped: filter === 'all' ? null : filter === 'mapped', search: search.trim() || null },
  });
  const [mapState, mapScope] = useMutation(MapScope);
  const [, unmapScope] = useMutation(UnmapScope);
  const conn = data?.integration?.scopeMappings;
  const nodes = conn?.nodes ?? [];

  const reset = () => { setCursors([null]); setSelected(new Set()); };

  async function map(scopeIds: string[], client: PickedClient, autoSync?: boolean) {
    setMessage(null);
    const failures: string[] = [];
    for (const scopeId of scopeIds) {
      const res = await mapScope({ scopeId, clientId: client.id, autoSync: autoSync ?? null });
      const errs = res.data?.mapScope.userErrors ?? [];
      if (res.error) failures.push(errorText(res.error));
      else if (errs.length > 0) failures.push(errs.map((u) => u.message).join(' '));
    }
    if (failures.length > 0) setMessage({ tone: 'error', text: failures.join(' ') });
    else setMessage({ tone: 'ok', text: `Mapped ${scopeIds.length} scope${scopeIds.length === 1 ? '' : 's'} to ${client.name}.` });
    setSelected(new Set());
    refetch({ requestPolicy: 'network-only' });
  }

  async function unmap(scopeId: string) {
    setMessage(null);
    const res = await unmapScope({ scopeId });
    const errs = res.data?.unmapScope.userErrors ?? [];
    if (res.error || errs.length > 0) setMessage({ tone: 'error', text: res.error ? errorText(res.error) : errs.map((u) => u.message).join(' ') });
    refetch({ requestPolicy: 'network-only' });
  }

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id); else next.add(id);
    setSelected(next);
  };

  return (
    <div className="scope-manager">
      <div className="toolbar" role="search">
        <label htmlFor="scope-search">Search scopes</label>
        <input id="scope-search" type="search" value={search} placeholder="Name contains…" onChange={(e) => { setSearch(e.target.value); reset(); }} />
        <label htmlFor="scope-filter">Show</label>
        <select id="scope-filter" value={filter} onChange={(e) => { setFilter(e.target.value as Filter); reset(); }}>
          <option value="all">All scopes</option>
          <option value="unmapped">Unmapped only</option>
          <option value="mapped">Mapped only</option>
        </select>
        <span className="muted" aria-live="polite">{conn ? `${conn.totalCount} scope${conn.totalCount === 1 ? '' : 's'}` : ''}</span>
      </div>
      {selected.size > 0 ? (
        <div className="bulk">
          <span>{selected.size} selected</span>
          <ClientPicker label="Map selected to" value={target} onChange={setTarget} />
          <Button kind="primary" write disabledReason={target ? '' : 'Choose a client first.'} busy={mapState.fetching}
            onClick={() => target && map([...selected], target)}>Map {selected.size} selected</Button>
        </div>
      ) : null}
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <Notice tone="error">{errorText(error)}</Notice>
      {!conn && fetching ? <p className="muted" role="status">Loading scopes…</p> : null}
      {conn && nodes.length === 0 ? <p className="muted">No scopes {search ? 'match' : 'yet: discover them first'}.</p> : null}
      {nodes.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">Scopes and the clients they map to</caption>
          <thead>
            <tr>
              <th scope="col"><span className="visually-hidden">Select</span></th>
              <th scope="col">Scope</th>
              <th scope="col">Kind</th>
              <th scope="col">Client</th>
              <th scope="col">Auto-sync</th>
              <th scope="col">Assets</th>
              <th scope="col">Last listed</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((s) => {
              const name = s.externalName || s.externalId;
              return (
                <tr key={s.id} data-scope={s.externalId}>
                  <td><input type="checkbox" aria-label={`Select ${name}`} checked={selected.has(s.id)} onChange={() => toggle(s.id)} disabled={!access.canWrite} /></td>
                  <th scope="row">{name}<div className="muted small">{s.externalId}{s.parentExternalId ? ` · in ${s.parentExternalId}` : ''}</div></th>
                  <td><Badge>{humanize(s.kind)}</Badge></td>
                  <td>
                    {rowTarget?.scope === s.id ? (
                      <div className="inline-map">
                        <ClientPicker label={`Client for ${name}`} value={rowTarget.client} onChange={(c) => setRowTarget({ scope: s.id, client: c })} />
                        <Button kind="primary" write disabledReason={rowTarget.client ? '' : 'Choose a client first.'}
                          onClick={() => { if (rowTarget.client) { map([s.id], rowTarget.client); setRowTarget(null); } }}>Map</Button>
                        <Button onClick={() => setRowTarget(null)}>Cancel</Button>
                      </div>
                    ) : s.client ? s.client.name : (
                      <div className="unmapped">
                        <Badge tone="warn">Unmapped</Badge>
                        {s.suggestions.slice(0, 2).map((g) => (
                          <div className="suggestion" key={g.client.id}>
                            <span className="muted small">Suggested: {g.client.name} ({Math.round(g.confidence * 100)}%: {g.reasons.join('; ')})</span>
                            <Button write onClick={() => map([s.id], g.client)}>Map to {g.client.name}</Button>
                          </div>
                        ))}
                      </div>
                    )}
                  </td>
                  <td>
                    <input type="checkbox" aria-label={`Sync ${name} automatically`} checked={s.autoSyncAssets}
                      disabled={!access.canWrite || !s.client} title={!s.client ? 'Map the scope first.' : !access.canWrite ? access.reason : undefined}
                      onChange={(e) => s.client && map([s.id], s.client, e.target.checked)} />
                  </td>
                  <td>{s.deviceCount}</td>
                  <td><When at={s.lastSyncedAt} /></td>
                  <td className="row-actions">
                    {rowTarget?.scope !== s.id ? (
                      <Button write onClick={() => setRowTarget({ scope: s.id, client: null })}>{s.client ? 'Change client' : 'Map'}</Button>
                    ) : null}
                    {s.client ? <Button kind="danger" write onClick={() => unmap(s.id)}>Unmap</Button> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <div className="pager">
        <Button disabledReason={cursors.length > 1 ? '' : 'This is the first page.'} onClick={() => setCursors(cursors.slice(0, -1))}>Previous</Button>
        <span className="muted">Page {cursors.length}</span>
        <Button disabledReason={conn?.pageInfo.hasNextPage ? '' : 'This is the last page.'}
          onClick={() => conn?.pageInfo.endCursor && setCursors([...cursors, conn.pageInfo.endCursor])}>Next</Button>
      </div>
    </div>
  );
}
