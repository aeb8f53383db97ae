import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { CandidateStatus, ReviewQueueQuery } from '../gql/graphql';
import { errorText } from '../api';
import { href } from '../router';
import { Badge, Button, Loading, Notice, Section, When, humanize } from '../components/ui';

const ReviewQuery = graphql(`
  query ReviewQueue($status: CandidateStatus, $after: String) {
    identityCandidates(first: 25, after: $after, status: $status) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id provider externalId rule reason status createdAt resolvedAt
        evidence { rule outcome detail }
        asset { id name serialNumber client { name } }
        match { id name serialNumber client { name } identity { sources { provider externalId } } }
      }
    }
  }
`);

const Confirm = graphql(`
  mutation ConfirmMatch($id: ID!) {
    confirmMatch(input: { candidateId: $id }) { survivor { id name } userErrors { message } }
  }
`);

const Scan = graphql(`
  mutation ScanIdentities {
    scanIdentities { queued userErrors { message } }
  }
`);

const Reject = graphql(`
  mutation RejectMatch($id: ID!) {
    rejectMatch(input: { candidateId: $id }) { candidate { id status } userErrors { message } }
  }
`);

type Candidate = ReviewQueueQuery['identityCandidates']['nodes'][number];

const outcomeTone = { MATCH: 'good', CONFLICT: 'bad', SHARED: 'warn', ABSENT: 'neutral', WEAK: 'info' } as const;
const statuses: CandidateStatus[] = ['OPEN', 'CONFIRMED', 'REJECTED', 'SUPERSEDED'];

// Review is the queue of doubtful matches: a device that may be an asset
// another RMM already reports. An admin merges or keeps them apart.
export function Review() {
  const [status, setStatus] = useState<CandidateStatus>('OPEN');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [{ data, fetching, error }, refetch] = useQuery({ query: ReviewQuery, variables: { status, after: cursors[cursors.length - 1] } });
  const [msg, setMsg] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [scanState, scan] = useMutation(Scan);
  const q = data?.identityCandidates;
  return (
    <main>
      <h1>Review matches</h1>
      <p className="muted">
        A device no RMM mapping knew looked like an asset another RMM reports, but not certainly enough to merge on its own.
        Merging keeps the older asset with every source; the newer one is retired, not deleted. Keeping them apart is remembered.
      </p>
      <div className="filters">
        <label>Show <select value={status} onChange={(e) => { setStatus(e.target.value as CandidateStatus); setCursors([null]); }}>
          {statuses.map((s) => <option key={s} value={s}>{humanize(s)}</option>)}
        </select></label>
        {q ? <span className="muted" role="status">{q.totalCount} {q.totalCount === 1 ? 'pair' : 'pairs'}</span> : null}
        <Button write busy={scanState.fetching} onClick={async () => {
          const res = await scan({});
          const p = res.data?.scanIdentities;
          if (res.error || !p) return setMsg({ tone: 'error', text: errorText(res.error) });
          setMsg({ tone: 'ok', text: p.queued > 0 ? `The scan queued ${p.queued} new ${p.queued === 1 ? 'pair' : 'pairs'}.` : 'The scan found no new pairs.' });
          refetch({ requestPolicy: 'network-only' });
        }}>Scan existing assets</Button>
      </div>
      {msg ? <Notice tone={msg.tone}>{msg.text}</Notice> : null}
      {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
      {!data && fetching ? <Loading /> : null}
      {q && q.nodes.length === 0 ? <p className="muted">Nothing to review.</p> : null}
      {q?.nodes.map((c) => <CandidateCard key={c.id} c={c} onDone={(text, tone) => { setMsg({ tone, text }); refetch({ requestPolicy: 'network-only' }); }} />)}
      <div className="pager">
        <Button disabledReason={cursors.length > 1 ? '' : 'This is the first page.'} onClick={() => setCursors(cursors.slice(0, -1))}>Previous</Button>
        <Button disabledReason={q?.pageInfo.hasNextPage ? '' : 'This is the last page.'} onClick={() => setCursors([...cursors, q?.pageInfo.endCursor ?? null])}>Next</Button>
      </div>
    </main>
  );
}

function CandidateCard({ c, onDone }: { c: Candidate; onDone: (text: string, tone: 'ok' | 'error') => void }) {
  const [confirmState, confirm] = useMutation(Confirm);
  const [rejectState, reject] = useMutation(Reject);
  const open = c.status === 'OPEN';
  return (
    <Section title={`${c.asset.name} may be ${c.match.name}`} actions={<Badge tone={open ? 'warn' : 'neutral'}>{humanize(c.status)}</Badge>}>
      <p>{c.reason.charAt(0).toUpperCase() + c.reason.slice(1)}. <span className="muted">({humanize(c.rule)}; found <When at={c.createdAt} />)</span></p>
      <table className="table">
        <caption className="visually-hidden">The two assets</caption>
        <thead><tr><th scope="col"></th><th scope="col">New asset</th><th scope="col">Existing asset</th></tr></thead>
        <tbody>
          <tr><th scope="row">Name</th><td><a href={href('assets', c.asset.id)}>{c.asset.name}</a></td><td><a href={href('assets', c.match.id)}>{c.match.name}</a></td></tr>
          <tr><th scope="row">Client</th><td>{c.asset.client.name}</td><td>{c.match.client.name}</td></tr>
          <tr><th scope="row">Serial</th><td>{c.asset.serialNumber ?? '—'}</td><td>{c.match.serialNumber ?? '—'}</td></tr>
          <tr><th scope="row">Reported by</th><td>{c.provider} <code>{c.externalId}</code></td>
            <td>{c.match.identity.sources.map((s) => <span key={s.provider + s.externalId}>{s.provider} <code>{s.externalId}</code> </span>)}</td></tr>
        </tbody>
      </table>
      <h3>Evidence</h3>
      <ul className="evidence">
        {c.evidence.map((e, i) => <li key={i}><Badge tone={outcomeTone[e.outcome]}>{humanize(e.outcome)}</Badge> {humanize(e.rule)}: {e.detail}</li>)}
      </ul>
      {open ? (
        <div className="form-actions">
          <Button write kind="primary" busy={confirmState.fetching} onClick={async () => {
            const res = await confirm({ id: c.id });
            const p = res.data?.confirmMatch;
            if (res.error || !p) return onDone(errorText(res.error), 'error');
            if (p.userErrors.length > 0) return onDone(p.userErrors.map((u) => u.message).join(' '), 'error');
            onDone(`Merged into ${p.survivor?.name}.`, 'ok');
          }}>Same device: merge</Button>
          <Button write busy={rejectState.fetching} onClick={async () => {
            const res = await reject({ id: c.id });
            const p = res.data?.rejectMatch;
            if (res.error || !p) return onDone(errorText(res.error), 'error');
            if (p.userErrors.length > 0) return onDone(p.userErrors.map((u) => u.message).join(' '), 'error');
            onDone(`Kept ${c.asset.name} and ${c.match.name} apart.`, 'ok');
          }}>Different devices</Button>
        </div>
      ) : <p className="muted">Closed <When at={c.resolvedAt} />.</p>}
    </Section>
  );
}
