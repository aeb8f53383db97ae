import { useEffect, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { graphql } from '../gql';
import type { PreviewSyncMutation, ProviderPageQuery, SyncMode } from '../gql/graphql';
import { errorText } from '../api';
import { href } from '../router';
import { ConfigForm, type Field, type SaveResult } from '../components/ConfigForm';
import { ScopeManager } from '../components/ScopeManager';
import { ScopeOverlaps } from '../components/ScopeOverlaps';
import { Badge, Button, Loading, Notice, Section, StatusBadge, When, humanize, useAccess } from '../components/ui';
import { capabilityLabels } from './Integrations';

const ProviderQuery = graphql(`
  query ProviderPage($id: String!) {
    provider(id: $id) {
      id displayName description syncModes actions
      capabilities {
        connection scopeDiscovery fullSync incrementalSync singleDeviceSync webhookEvents alerts
        agedOutFallback acknowledgeAlerts resolveAlerts oauth remoteActions directConnect
      }
      configFields {
        key label kind required affectsConnection help placeholder default min max pattern patternHelp multiline advanced
        options { value label }
        shownWhen { field equals }
      }
      integration {
        id instanceUrl isActive connectedAt status syncError lastSyncAt lastFullSyncAt lastIncrementalSyncAt assetCount
        config { key value isSet isDefault }
        connection { status reason since }
        lastVerification { at ok message field }
        schedule { enabled intervalMinutes nextRunAt lastRunAt minIntervalMinutes maxIntervalMinutes nextRunMode }
        webhook { url secretHeader secretSet bodyTemplate lastDeliveryAt deliveries failed pending }
        currentRun { id status }
        syncRuns(first: 10) {
          totalCount
          nodes {
            id mode trigger status startedAt durationMs errorCode error
            counts { seen created updated unchanged skipped failed retired moved }
            warningDetails { code message }
          }
        }
      }
    }
  }
`);

const Configure = graphql(`
  mutation Configure($provider: String!, $values: [ConfigValueInput!]!) {
    configureIntegration(input: { provider: $provider, values: $values }) {
      integration { id }
      needsVerification
      userErrors { field message }
    }
  }
`);

const Verify = graphql(`
  mutation Verify($provider: String!) {
    verifyIntegration(input: { provider: $provider }) { ok message userErrors { field message } }
  }
`);

const Disconnect = graphql(`
  mutation Disconnect($provider: String!) {
    disconnectIntegration(input: { provider: $provider }) { integration { id } userErrors { field message } }
  }
`);

const Discover = graphql(`
  mutation Discover($provider: String!) {
    discoverScopes(input: { provider: $provider }) { added updated total gone userErrors { field message } }
  }
`);

const Authorize = graphql(`
  mutation Authorize($provider: String!) {
    beginAuthorization(input: { provider: $provider }) { authorizeUrl userErrors { field message } }
  }
`);

const RotateSecret = graphql(`
  mutation RotateSecret($provider: String!) {
    rotateWebhookSecret(input: { provider: $provider }) {
      secret registeredWithRmm registrationError
      webhook { url secretHeader }
      userErrors { field message }
    }
  }
`);

const SetSchedule = graphql(`
  mutation SetSchedule($provider: String!, $enabled: Boolean, $interval: Int) {
    setSyncSchedule(input: { provider: $provider, enabled: $enabled, intervalMinutes: $interval }) {
      integration { id schedule { enabled intervalMinutes nextRunAt nextRunMode } }
      userErrors { field message }
    }
  }
`);

const StartSync = graphql(`
  mutation StartSync($provider: String!, $mode: SyncMode, $deviceId: String) {
    startSync(input: { provider: $provider, mode: $mode, deviceId: $deviceId }) {
      run { id status }
      userErrors { field message }
    }
  }
`);

const CancelSync = graphql(`
  mutation CancelSync($runId: ID!) {
    cancelSync(input: { runId: $runId }) { run { id status } userErrors { field message } }
  }
`);

const PreviewSync = graphql(`
  mutation PreviewSync($provider: String!) {
    previewSync(input: { provider: $provider, first: 50 }) {
      preview {
        counts { seen created updated unchanged skipped retired moved matched queued }
        warnings { code message }
        changes { externalId name scopeId kind reason fields }
        moreChanges
      }
      userErrors { field message }
    }
  }
`);

const Progress = graphql(`
  subscription Progress($id: ID!) {
    syncRunProgress(id: $id) {
      id status error
      progress { scopesDone scopesTotal devicesSeen }
      counts { created updated unchanged skipped }
    }
  }
`);

type UserErrors = { message: string }[];
const messages = (u: UserErrors | undefined) => (u ?? []).map((e) => e.message).join(' ');

// ProviderPage is one provider's settings: connection, credentials,
// scopes, schedule, webhooks and syncs, each section shown when the
// provider's actions and capabilities say it applies.
export function ProviderPage({ id }: { id: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ProviderQuery, variables: { id } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const save = useSave(id, reload);
  const p = data?.provider;
  if (!data && fetching) return <Loading />;
  if (!p) return <main><Notice tone="error">{errorText(error) || `No provider “${id}”.`}</Notice></main>;
  const i = p.integration;
  const can = (a: string) => (p.actions as string[]).includes(a);
  return (
    <main>
      <p className="crumbs"><a href={href()}>Integrations</a> / {p.displayName}</p>
      <h1>{p.displayName}</h1>
      <p>{p.description}</p>
      <ul className="badges" aria-label={`What ${p.displayName} can do`}>
        {capabilityLabels(p.capabilities).map((l) => <li key={l}><Badge tone="info">{l}</Badge></li>)}
      </ul>
      <Notice tone="error">{errorText(error)}</Notice>
      <ConnectionSection provider={p.id} integration={i ?? null} canVerify={can('VERIFY')} canAuthorize={can('AUTHORIZE')} onChange={reload} />
      <Section title="Settings">
        <ConfigForm key={p.id} fields={p.configFields as Field[]} values={i?.config ?? null}
          faultField={i?.lastVerification && !i.lastVerification.ok ? i.lastVerification.field : null}
          faultMessage={i?.lastVerification?.message}
          onSave={save} />
      </Section>
      {i && can('DISCOVER_SCOPES') ? <ScopesSection provider={p.id} onChange={reload} /> : null}
      {i && can('DISCOVER_SCOPES') ? <ScopeOverlaps provider={p.id} onChange={reload} /> : null}
      {i && can('SYNC') ? <SyncSection provider={p.id} modes={p.syncModes as string[]} integration={i} onChange={reload} /> : null}
      {i && can('SYNC') ? <ScheduleSection key={`${i.schedule.enabled}-${i.schedule.intervalMinutes}`} provider={p.id} schedule={i.schedule} onChange={reload} /> : null}
      {i && can('WEBHOOKS') && i.webhook ? <WebhookSection provider={p.id} webhook={i.webhook} onChange={reload} /> : null}
    </main>
  );
}

function useSave(provider: string, onSaved: () => void) {
  const [, configure] = useMutation(Configure);
  return async (values: { key: string; value: string }[]): Promise<SaveResult> => {
    const res = await configure({ provider, values });
    if (res.error) throw new Error(errorText(res.error));
    const out = res.data!.configureIntegration;
    if (out.userErrors.length === 0) onSaved();
    return { userErrors: out.userErrors, needsVerification: out.needsVerification };
  };
}

type Integration = NonNullable<NonNullable<ProviderPageQuery['provider']>['integration']>;
type Run = Integration['syncRuns']['nodes'][number];

function ConnectionSection({ provider, integration: i, canVerify, canAuthorize, onChange }: {
  provider: string; integration: Integration | null; canVerify: boolean; canAuthorize: boolean; onChange: () => void;
}) {
  const [verifyState, verify] = useMutation(Verify);
  const [disconnectState, disconnect] = useMutation(Disconnect);
  const [authState, authorize] = useMutation(Authorize);
  const [msg, setMsg] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  if (!i) {
    return (
      <Section title="Connection">
        <p className="muted">Not configured: fill in the settings below and save, then verify.</p>
      </Section>
    );
  }
  return (
    <Section title="Connection" actions={<StatusBadge status={i.connection.status} />}>
      <dl className="facts">
        {i.instanceUrl ? <><dt>Instance</dt><dd>{i.instanceUrl}</dd></> : null}
        <dt>Since</dt><dd><When at={i.connection.since} empty="—" /></dd>
        <dt>Last check</dt>
        <dd>{i.lastVerification ? <><When at={i.lastVerification.at} /> {i.lastVerification.ok ? <Badge tone="good">OK</Badge> : <Badge tone="bad">Failed</Badge>}</> : <span className="muted">never</span>}</dd>
      </dl>
      {i.connection.reason ? <Notice tone="error">{i.connection.reason}</Notice> : null}
      {i.lastVerification && !i.lastVerification.ok && i.lastVerification.message ? <Notice tone="error">{i.lastVerification.message}</Notice> : null}
      {msg ? <Notice tone={msg.tone}>{msg.text}</Notice> : null}
      <div className="form-actions">
        {canVerify ? (
          <Button kind="primary" write busy={verifyState.fetching} onClick={async () => {
            const res = await verify({ provider });
            const v = res.data?.verifyIntegration;
            if (res.error || !v) setMsg({ tone: 'error', text: errorText(res.error) });
            else if (v.userErrors.length > 0) setMsg({ tone: 'error', text: messages(v.userErrors) });
            else setMsg(v.ok ? { tone: 'ok', text: 'Connection verified.' } : { tone: 'error', text: v.message ?? 'The check failed.' });
            onChange();
          }}>Verify connection</Button>
        ) : null}
        {canAuthorize ? (
          <Button write busy={authState.fetching} onClick={async () => {
            const res = await authorize({ provider });
            const a = res.data?.beginAuthorization;
            if (a?.authorizeUrl) window.location.assign(a.authorizeUrl);
            else setMsg({ tone: 'error', text: res.error ? errorText(res.error) : messages(a?.userErrors) });
          }}>Sign in to the RMM</Button>
        ) : null}
        <Button kind="danger" write busy={disconnectState.fetching} onClick={async () => {
          if (!window.confirm('Disconnect? Syncs stop and the stored credentials are removed; assets stay.')) return;
          const res = await disconnect({ provider });
          const d = res.data?.disconnectIntegration;
          setMsg(res.error || (d && d.userErrors.length > 0) ? { tone: 'error', text: res.error ? errorText(res.error) : messages(d?.userErrors) } : { tone: 'ok', text: 'Disconnected.' });
          onChange();
        }}>Disconnect</Button>
      </div>
    </Section>
  );
}

function ScopesSection({ provider, onChange }: { provider: string; onChange: () => void }) {
  const [state, discover] = useMutation(Discover);
  const [msg, setMsg] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [generation, setGeneration] = useState(0);
  return (
    <Section title="Scopes and clients" actions={
      <Button write busy={state.fetching} onClick={async () => {
        const res = await discover({ provider });
        const d = res.data?.discoverScopes;
        if (res.error || !d) setMsg({ tone: 'error', text: errorText(res.error) });
        else if (d.userErrors.length > 0) setMsg({ tone: 'error', text: messages(d.userErrors) });
        else setMsg({ tone: 'ok', text: `Discovered ${d.total} scopes: ${d.added} new, ${d.updated} known${d.gone.length ? `, ${d.gone.length} no longer listed (${d.gone.join(', ')})` : ''}.` });
        setGeneration(generation + 1);
        onChange();
      }}>Discover scopes</Button>}>
      <p className="muted">Each scope's devices sync into the client it maps to; unmapped scopes are skipped.</p>
      {msg ? <Notice tone={msg.tone}>{msg.text}</Notice> : null}
      <ScopeManager key={generation} provider={provider} />
    </Section>
  );
}

function SyncSection({ provider, modes, integration, onChange }: { provider: string; modes: string[]; integration: Integration; onChange: () => void }) {
  const [startState, start] = useMutation(StartSync);
  const [previewState, preview] = useMutation(PreviewSync);
  const [previewed, setPreviewed] = useState<PreviewResult | null>(null);
  const [, cancel] = useMutation(CancelSync);
  const [runId, setRunId] = useState<string | null>(integration.currentRun?.id ?? null);
  const [deviceId, setDeviceId] = useState('');
  const [msg, setMsg] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => { if (integration.currentRun?.id) setRunId(integration.currentRun.id); }, [integration.currentRun?.id]);
  const listModes = modes.filter((m) => m !== 'DEVICE');

  async function run(mode: string, device?: string) {
    setMsg(null);
    const res = await start({ provider, mode: mode as SyncMode, deviceId: device ?? null });
    const s = res.data?.startSync;
    if (res.error || !s) return setMsg({ tone: 'error', text: errorText(res.error) });
    if (s.userErrors.length > 0) return setMsg({ tone: 'error', text: messages(s.userErrors) });
    if (s.run) setRunId(s.run.id);
  }
  const notReady = integration.isActive ? '' : 'Verify the connection first.';
  return (
    <Section title="Sync">
      <div className="form-actions">
        {listModes.map((m) => (
          <Button key={m} kind={m === 'FULL' ? 'primary' : 'secondary'} write busy={startState.fetching} disabledReason={notReady}
            onClick={() => run(m)}>Start {humanize(m).toLowerCase()} sync</Button>
        ))}
      </div>
      {modes.includes('FULL') ? (
        <div className="form-actions">
          <Button write busy={previewState.fetching} disabledReason={notReady} onClick={async () => {
            setMsg(null);
            const res = await preview({ provider });
            const p = res.data?.previewSync;
            if (res.error || !p) return setMsg({ tone: 'error', text: errorText(res.error) });
            if (p.userErrors.length > 0) return setMsg({ tone: 'error', text: messages(p.userErrors) });
            setPreviewed(p.preview ?? null);
          }}>Preview a full sync</Button>
        </div>
      ) : null}
      {previewed ? <PreviewPanel preview={previewed} onClose={() => setPreviewed(null)} /> : null}
      {modes.includes('DEVICE') ? (
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (deviceId.trim()) run('DEVICE', deviceId.trim()); }}>
          <label htmlFor="device-id">Device id in the RMM</label>
          <input id="device-id" value={deviceId} onChange={(e) => setDeviceId(e.target.value)} />
          <Button type="submit" write disabledReason={notReady || (deviceId.trim() ? '' : 'Enter a device id.')}>Sync one device</Button>
        </form>
      ) : null}
      {msg ? <Notice tone={msg.tone}>{msg.text}</Notice> : null}
      {runId ? <RunProgress key={runId} id={runId} onCancel={async () => {
        const res = await cancel({ runId });
        const c = res.data?.cancelSync;
        if (res.error || (c && c.userErrors.length > 0)) setMsg({ tone: 'error', text: res.error ? errorText(res.error) : messages(c?.userErrors) });
      }} onDone={onChange} /> : null}
      <h3>Recent runs</h3>
      <RunTable runs={integration.syncRuns.nodes} />
      {integration.syncRuns.totalCount > integration.syncRuns.nodes.length ? <p className="muted">{integration.syncRuns.totalCount} runs in all; the latest {integration.syncRuns.nodes.length} are shown.</p> : null}
    </Section>
  );
}

function RunProgress({ id, onCancel, onDone }: { id: string; onCancel: () => void; onDone: () => void }) {
  const [{ data, error }] = useSubscription({ query: Progress, variables: { id } });
  const run = data?.syncRunProgress;
  const done = run && run.status !== 'RUNNING';
  useEffect(() => { if (done) onDone(); }, [done]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!run) return <p className="muted" role="status">{error ? errorText(error) : 'Waiting for progress…'}</p>;
  const total = Math.max(run.progress.scopesTotal, 1);
  const pct = done ? 100 : Math.round((100 * run.progress.scopesDone) / total);
  return (
    <div className="progress-box">
      <label htmlFor="sync-progress">
        Sync {humanize(run.status).toLowerCase()}: {run.progress.scopesDone} of {run.progress.scopesTotal} scopes, {run.progress.devicesSeen} devices
      </label>
      <progress id="sync-progress" max={100} value={pct} aria-valuetext={`${pct}%`}>{pct}%</progress>
      <span className="pct" aria-hidden="true">{pct}%</span>
      {done ? (
        <p role="status">
          <StatusBadge status={run.status} /> {run.counts.created} created, {run.counts.updated} updated, {run.counts.unchanged} unchanged, {run.counts.skipped} skipped.{' '}
          <a href={href('runs', run.id)}>What changed</a>
          {run.error ? <span className="error-text"> {run.error}</span> : null}
        </p>
      ) : <Button kind="danger" write onClick={onCancel}>Cancel sync</Button>}
    </div>
  );
}

type PreviewResult = NonNullable<NonNullable<PreviewSyncMutation['previewSync']>['preview']>;

function PreviewPanel({ preview: p, onClose }: { preview: PreviewResult; onClose: () => void }) {
  const c = p.counts;
  return (
    <div className="preview" role="region" aria-label="Sync preview">
      <h3>A full sync now would</h3>
      <p>
        create <strong>{c.created}</strong>, update <strong>{c.updated}</strong> (of which {c.moved} move and {c.matched} join an asset
        another RMM reports), retire <strong>{c.retired}</strong>, leave <strong>{c.unchanged}</strong> unchanged and skip <strong>{c.skipped}</strong>,
        of {c.seen} devices listed{c.queued > 0 ? `; ${c.queued} doubtful matches would wait for review` : ''}. Nothing was written.
      </p>
      {p.warnings.map((w, i) => <Notice key={i} tone="error">{w.code}: {w.message}</Notice>)}
      {p.changes.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">Changes a full sync would make</caption>
          <thead><tr><th scope="col">Device</th><th scope="col">Scope</th><th scope="col">Change</th></tr></thead>
          <tbody>
            {p.changes.map((ch) => (
              <tr key={ch.kind + ch.externalId}>
                <th scope="row">{ch.name ?? ch.externalId} <span className="muted small">{ch.externalId}</span></th>
                <td>{ch.scopeId ?? '—'}</td>
                <td>{humanize(ch.kind)}{ch.reason ? `: ${humanize(ch.reason)}` : ''}{ch.fields.length > 0 ? ` (${ch.fields.join(', ')})` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {p.moreChanges > 0 ? <p className="muted">and {p.moreChanges} more changes.</p> : null}
      <Button onClick={onClose}>Close preview</Button>
    </div>
  );
}

export function RunTable({ runs }: { runs: Run[] }) {
  if (runs.length === 0) return <p className="muted">No runs yet.</p>;
  return (
    <table className="table">
      <caption className="visually-hidden">Sync runs, newest first</caption>
      <thead>
        <tr><th scope="col">Started</th><th scope="col">Mode</th><th scope="col">Status</th><th scope="col">Seen</th><th scope="col">Created</th>
          <th scope="col">Updated</th><th scope="col">Unchanged</th><th scope="col">Skipped</th><th scope="col">Retired</th><th scope="col">Notes</th></tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id}>
            <td><a href={href('runs', r.id)}><When at={r.startedAt} /></a></td>
            <td>{humanize(r.mode)} <span className="muted small">({humanize(r.trigger).toLowerCase()})</span></td>
            <td><StatusBadge status={r.status} /></td>
            <td>{r.counts.seen}</td><td>{r.counts.created}</td><td>{r.counts.updated}</td><td>{r.counts.unchanged}</td><td>{r.counts.skipped}</td><td>{r.counts.retired}</td>
            <td>
              {r.error ? <span className="error-text">{r.errorCode ? `${r.errorCode}: ` : ''}{r.error}</span> : null}
              {r.warningDetails.length > 0 ? <span className="muted">{r.warningDetails.length} warning{r.warningDetails.length === 1 ? '' : 's'}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ScheduleSection({ provider, schedule, onChange }: { provider: string; schedule: Integration['schedule']; onChange: () => void }) {
  const [enabled, setEnabled] = useState(schedule.enabled);
  const [interval, setInterval] = useState(String(schedule.intervalMinutes));
  const [msg, setMsg] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [state, save] = useMutation(SetSchedule);
  const access = useAccess();
  const n = Number(interval);
  const invalid = !Number.isInteger(n) || n < schedule.minIntervalMinutes || n > schedule.maxIntervalMinutes;
  return (
    <Section title="Schedule">
      <form className="inline-form" noValidate onSubmit={async (e) => {
        e.preventDefault();
        if (invalid) return;
        const res = await save({ provider, enabled, interval: n });
        const s = res.data?.setSyncSchedule;
        if (res.error || !s) setMsg({ tone: 'error', text: errorText(res.error) });
        else if (s.userErrors.length > 0) setMsg({ tone: 'error', text: messages(s.userErrors) });
        else { setMsg({ tone: 'ok', text: 'Schedule saved.' }); onChange(); }
      }}>
        <label className="check"><input type="checkbox" checked={enabled} disabled={!access.canWrite} onChange={(e) => setEnabled(e.target.checked)} /> Sync on a schedule</label>
        <label htmlFor="interval">Every (minutes)</label>
        <input id="interval" type="number" min={schedule.minIntervalMinutes} max={schedule.maxIntervalMinutes} value={interval} disabled={!access.canWrite}
          aria-describedby="interval-help" aria-invalid={invalid || undefined} onChange={(e) => setInterval(e.target.value)} />
        <span id="interval-help" className="help">{schedule.minIntervalMinutes} to {schedule.maxIntervalMinutes} minutes.</span>
        <Button type="submit" write busy={state.fetching} disabledReason={invalid ? `Choose ${schedule.minIntervalMinutes} to ${schedule.maxIntervalMinutes} minutes.` : ''}>Save schedule</Button>
      </form>
      <p>Next run: {schedule.enabled ? <><When at={schedule.nextRunAt} empty="not planned" />{schedule.nextRunMode ? ` (${humanize(schedule.nextRunMode).toLowerCase()})` : ''}</> : <span className="muted">schedule off</span>}. Last scheduled run: <When at={schedule.lastRunAt} />.</p>
      {msg ? <Notice tone={msg.tone}>{msg.text}</Notice> : null}
    </Section>
  );
}

function WebhookSection({ provider, webhook: w, onChange }: { provider: string; webhook: NonNullable<Integration['webhook']>; onChange: () => void }) {
  const [state, rotate] = useMutation(RotateSecret);
  const [secret, setSecret] = useState('');
  const [msg, setMsg] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  return (
    <Section title="Webhooks" actions={w.secretSet ? <Badge tone="good">Secret set</Badge> : <Badge tone="warn">No secret yet</Badge>}>
      <dl className="facts">
        <dt>URL to register in the RMM</dt><dd><code>{w.url}</code></dd>
        <dt>Header carrying the secret</dt><dd><code>{w.secretHeader}</code></dd>
        <dt>Last delivery</dt><dd><When at={w.lastDeliveryAt} /></dd>
        <dt>Last 24 hours</dt><dd>{w.deliveries} received, {w.failed} failed, {w.pending} waiting</dd>
      </dl>
      {w.bodyTemplate ? (
        <details><summary>Body template to paste into the RMM</summary><pre>{w.bodyTemplate}</pre></details>
      ) : null}
      {secret ? (
        <Notice tone="info">New secret, shown this once: <code className="secret">{secret}</code></Notice>
      ) : null}
      {msg ? <Notice tone={msg.tone}>{msg.text}</Notice> : null}
      <Button write busy={state.fetching} onClick={async () => {
        if (w.secretSet && !window.confirm('Make a new secret? Deliveries with the old one are refused from now on.')) return;
        const res = await rotate({ provider });
        const r = res.data?.rotateWebhookSecret;
        if (res.error || !r) return setMsg({ tone: 'error', text: errorText(res.error) });
        if (r.userErrors.length > 0) return setMsg({ tone: 'error', text: messages(r.userErrors) });
        setSecret(r.secret ?? '');
        setMsg(r.registeredWithRmm ? { tone: 'ok', text: 'Registered with the RMM.' } : r.registrationError ? { tone: 'error', text: `Register it by hand: ${r.registrationError}` } : null);
        onChange();
      }}>{w.secretSet ? 'Rotate secret' : 'Make secret'}</Button>
    </Section>
  );
}
