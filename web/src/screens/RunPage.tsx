import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { errorText } from '../api';
import { href } from '../router';
import { Loading, Notice, Section, StatusBadge, When, humanize } from '../components/ui';
import { AssetRows } from './Assets';

const RunQuery = graphql(`
  query RunPage($id: ID!, $after: String) {
    syncRun(id: $id) {
      id mode trigger status startedAt finishedAt durationMs scopeIds errorCode error
      integration { id provider { id displayName } }
      counts { seen duplicates created updated unchanged skipped failed retired moved matched queued conflicts }
      skipped { reason count }
      warningDetails { code message }
      changedAssets(first: 25, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { ...AssetRow }
      }
    }
  }
`);

// RunPage shows one sync run: what it did, why it stopped, what changed.
export function RunPage({ id }: { id: string }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [{ data, fetching, error }] = useQuery({ query: RunQuery, variables: { id, after: cursors[cursors.length - 1] } });
  const r = data?.syncRun;
  if (!data && fetching) return <Loading />;
  if (!r) return <main><Notice tone="error">{errorText(error) || 'No such run.'}</Notice></main>;
  const p = r.integration.provider;
  const c = r.counts;
  return (
    <main>
      <p className="crumbs"><a href={href()}>Integrations</a> / <a href={href('providers', p.id)}>{p.displayName}</a> / Run</p>
      <h1>{humanize(r.mode)} sync of {p.displayName} <StatusBadge status={r.status} /></h1>
      <dl className="facts">
        <dt>Started</dt><dd><When at={r.startedAt} /> ({humanize(r.trigger).toLowerCase()})</dd>
        <dt>Finished</dt><dd><When at={r.finishedAt} empty="still running" />{r.durationMs != null ? ` after ${(r.durationMs / 1000).toFixed(1)} s` : ''}</dd>
        <dt>Scopes</dt><dd>{r.scopeIds.length > 0 ? r.scopeIds.join(', ') : 'all mapped'}</dd>
      </dl>
      {r.error ? <Notice tone="error">{r.errorCode ? `${r.errorCode}: ` : ''}{r.error}</Notice> : null}
      <Section title="Counts">
        <ul className="counts">
          {Object.entries(c).filter(([k]) => k !== '__typename').map(([k, v]) => <li key={k}><strong>{v as number}</strong> {k}</li>)}
        </ul>
        {r.skipped.length > 0 ? (
          <>
            <h3>Skipped devices</h3>
            <ul>{r.skipped.map((s) => <li key={s.reason}>{s.count} × {s.reason}</li>)}</ul>
          </>
        ) : null}
      </Section>
      {r.warningDetails.length > 0 ? (
        <Section title="Warnings">
          <ul>{r.warningDetails.map((w, i) => <li key={i}><code>{w.code}</code> {w.message}</li>)}</ul>
        </Section>
      ) : null}
      <Section title={`What changed (${r.changedAssets.totalCount})`}>
        <p className="muted">Assets this run created, updated, retired or moved; an asset a later run changed again shows under that run.</p>
        <AssetRows nodes={r.changedAssets.nodes} caption="Assets changed by this run" />
        <div className="pager">
          <button type="button" className="btn btn-secondary" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>Previous</button>
          <button type="button" className="btn btn-secondary" disabled={!r.changedAssets.pageInfo.hasNextPage}
            onClick={() => r.changedAssets.pageInfo.endCursor && setCursors([...cursors, r.changedAssets.pageInfo.endCursor])}>Next</button>
        </div>
      </Section>
    </main>
  );
}
