import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { ScopeOverlapsQuery, ScopePriorityMode } from '../gql/graphql';
import { errorText } from '../api';
import { Badge, Button, Notice, Section, When, useAccess } from './ui';

const OverlapsQuery = graphql(`
  query ScopeOverlaps($provider: String!) {
    integration(provider: $provider) {
      id
      scopePriority { mode scopeIds }
      scopeConflicts(first: 20) {
        totalCount
        nodes { externalId name detectedAt scopes { id externalId externalName client { id name } } }
      }
      scopeMappings(held: true, first: 20) {
        totalCount
        nodes {
          id externalId externalName client { name }
          retirementHold { detectedAt had returned wouldRetire dismissed devices(first: 10) { externalId asset { id name } } }
        }
      }
    }
  }
`);

const SetPriority = graphql(`
  mutation SetScopePriority($provider: String!, $mode: ScopePriorityMode!, $scopeIds: [String!]) {
    setScopePriority(input: { provider: $provider, mode: $mode, scopeIds: $scopeIds }) {
      integration { id scopePriority { mode scopeIds } }
      userErrors { field message }
    }
  }
`);

const ConfirmRetirement = graphql(`
  mutation ConfirmRetirement($scopeId: ID!) {
    confirmRetirement(input: { scopeId: $scopeId }) { retired userErrors { message } }
  }
`);

const DismissRetirement = graphql(`
  mutation DismissRetirement($scopeId: ID!) {
    dismissRetirement(input: { scopeId: $scopeId }) { scopeMapping { id } userErrors { message } }
  }
`);

const modes: { mode: ScopePriorityMode; label: string }[] = [
  { mode: 'LOWEST_ID', label: 'By scope id' },
  { mode: 'MOST_SPECIFIC', label: 'Most specific scope first (a subgroup before its group)' },
  { mode: 'EXPLICIT', label: 'In an order I give (scope ids, one per line)' },
];

// ScopeOverlaps shows what needs an admin's decision about scopes: devices
// that scopes of different clients both report, with the order that
// settles them, and retirements the guard is holding back.
export function ScopeOverlaps({ provider, onChange }: { provider: string; onChange: () => void }) {
  const [{ data, error }, refetch] = useQuery({ query: OverlapsQuery, variables: { provider } });
  const reload = () => { refetch({ requestPolicy: 'network-only' }); onChange(); };
  const i = data?.integration;
  if (!i) return error ? <Notice tone="error">{errorText(error)}</Notice> : null;
  return (
    <>
      <PrioritySection provider={provider} integration={i} onChange={reload} />
      {i.scopeMappings.totalCount > 0 ? <HoldsSection holds={i.scopeMappings.nodes} onChange={reload} /> : null}
    </>
  );
}

type Integration = NonNullable<ScopeOverlapsQuery['integration']>;

function PrioritySection({ provider, integration: i, onChange }: { provider: string; integration: Integration; onChange: () => void }) {
  const [mode, setMode] = useState<ScopePriorityMode>(i.scopePriority.mode);
  const [order, setOrder] = useState(i.scopePriority.scopeIds.join('\n'));
  const [state, save] = useMutation(SetPriority);
  const [msg, setMsg] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const access = useAccess();
  const c = i.scopeConflicts;
  return (
    <Section title="Overlapping scopes" actions={c.totalCount > 0 ? <Badge tone="warn">{c.totalCount} conflicts</Badge> : <Badge tone="good">No conflicts</Badge>}>
      <p className="muted">A device that several mapped scopes report belongs to the first scope in this order. Scopes mapped to different clients are a conflict.</p>
      <div className="filters">
        <label>Scope priority{' '}
          <select value={mode} onChange={(e) => setMode(e.target.value as ScopePriorityMode)} disabled={!access.canWrite} title={access.canWrite ? undefined : access.reason}>
            {modes.map((m) => <option key={m.mode} value={m.mode}>{m.label}</option>)}
          </select>
        </label>
        {mode === 'EXPLICIT' ? (
          <label>Scope ids, first wins<textarea rows={4} value={order} onChange={(e) => setOrder(e.target.value)} disabled={!access.canWrite} /></label>
        ) : null}
      </div>
      {msg ? <Notice tone={msg.tone}>{msg.text}</Notice> : null}
      <div className="form-actions">
        <Button write busy={state.fetching} onClick={async () => {
          const ids = mode === 'EXPLICIT' ? order.split('\n').map((s) => s.trim()).filter(Boolean) : null;
          const res = await save({ provider, mode, scopeIds: ids });
          const p = res.data?.setScopePriority;
          if (res.error || !p) return setMsg({ tone: 'error', text: errorText(res.error) });
          if (p.userErrors.length > 0) return setMsg({ tone: 'error', text: p.userErrors.map((u) => u.message).join(' ') });
          setMsg({ tone: 'ok', text: 'Saved: the next sync moves the devices concerned.' });
          onChange();
        }}>Save priority</Button>
      </div>
      {c.nodes.length > 0 ? (
        <table className="table">
          <caption>Devices reported by scopes of different clients{c.totalCount > c.nodes.length ? ` (first ${c.nodes.length} of ${c.totalCount})` : ''}</caption>
          <thead><tr><th scope="col">Device</th><th scope="col">Goes to</th><th scope="col">Also in</th><th scope="col">Found</th></tr></thead>
          <tbody>
            {c.nodes.map((n) => {
              const [owner, ...rest] = n.scopes;
              const label = (s: typeof owner) => `${s.externalName ?? s.externalId} (${s.client?.name ?? 'unmapped'})`;
              return (
                <tr key={n.externalId}><th scope="row">{n.name} <code>{n.externalId}</code></th><td>{owner ? label(owner) : '—'}</td>
                  <td>{rest.map(label).join(', ')}</td><td><When at={n.detectedAt} /></td></tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}

function HoldsSection({ holds, onChange }: { holds: Integration['scopeMappings']['nodes']; onChange: () => void }) {
  const [confirmState, confirm] = useMutation(ConfirmRetirement);
  const [dismissState, dismiss] = useMutation(DismissRetirement);
  const [msg, setMsg] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  return (
    <Section title="Retirements held back" actions={<Badge tone="warn">{holds.length}</Badge>}>
      <p className="muted">
        These scopes' last listings returned far fewer devices than they have, so nothing was retired. If the client left, retire them;
        if the RMM was wrong, keep them.
      </p>
      {msg ? <Notice tone={msg.tone}>{msg.text}</Notice> : null}
      {holds.map((s) => {
        const h = s.retirementHold!;
        const name = s.externalName ?? s.externalId;
        return (
          <div key={s.id} className="hold">
            <h3>{name} {h.dismissed ? <Badge>Kept</Badge> : null}</h3>
            <p>The listing returned {h.returned} of {h.had} devices (since <When at={h.detectedAt} />); {h.wouldRetire} would retire
              {s.client ? ` from ${s.client.name}` : ''}: {h.devices.map((d) => d.asset ? d.asset.name : d.externalId).join(', ')}{h.wouldRetire > h.devices.length ? ', …' : ''}.</p>
            <div className="form-actions">
              <Button write kind="danger" busy={confirmState.fetching} onClick={async () => {
                const res = await confirm({ scopeId: s.id });
                const p = res.data?.confirmRetirement;
                if (res.error || !p) return setMsg({ tone: 'error', text: errorText(res.error) });
                if (p.userErrors.length > 0) return setMsg({ tone: 'error', text: p.userErrors.map((u) => u.message).join(' ') });
                setMsg({ tone: 'ok', text: `Retired ${p.retired} assets of ${name}.` });
                onChange();
              }}>Retire {h.wouldRetire} devices</Button>
              <Button write busy={dismissState.fetching} disabledReason={h.dismissed ? 'Already kept.' : ''} onClick={async () => {
                const res = await dismiss({ scopeId: s.id });
                const p = res.data?.dismissRetirement;
                if (res.error || !p) return setMsg({ tone: 'error', text: errorText(res.error) });
                if (p.userErrors.length > 0) return setMsg({ tone: 'error', text: p.userErrors.map((u) => u.message).join(' ') });
                setMsg({ tone: 'ok', text: `Kept the devices of ${name}.` });
                onChange();
              }}>Keep them</Button>
            </div>
          </div>
        );
      })}
    </Section>
  );
}
