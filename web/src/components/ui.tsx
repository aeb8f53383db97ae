import { createContext, useContext, useId, type ReactNode } from 'react';

// Access says whether the signed-in key may change anything, and if not why.
export const Access = createContext<{ canWrite: boolean; reason: string }>({ canWrite: true, reason: '' });

export const readOnlyReason = 'Read-only: this API key has the viewer role.';

export function useAccess() {
  return useContext(Access);
}

type ButtonProps = {
  children: ReactNode;
  onClick?: () => void;
  type?: 'button' | 'submit';
  kind?: 'primary' | 'secondary' | 'danger';
  busy?: boolean;
  // disabledReason disables the button and says why; mutating buttons
  // pass `write` and are disabled for viewer keys.
  disabledReason?: string;
  write?: boolean;
};

export function Button({ children, onClick, type = 'button', kind = 'secondary', busy, disabledReason, write }: ButtonProps) {
  const access = useAccess();
  const reason = disabledReason || (write && !access.canWrite ? access.reason : '');
  const id = useId();
  return (
    <span className="button-wrap">
      <button type={type} className={`btn btn-${kind}`} onClick={onClick} disabled={!!reason || busy}
        aria-describedby={reason ? id : undefined} title={reason || undefined}>
        {busy ? 'Working…' : children}
      </button>
      {reason ? <span id={id} className="visually-hidden">{reason}</span> : null}
    </span>
  );
}

export function Badge({ children, tone = 'neutral' }: { children: ReactNode; tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info' }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

const tones: Record<string, 'neutral' | 'good' | 'warn' | 'bad' | 'info'> = {
  CONNECTED: 'good', COMPLETED: 'good', ONLINE: 'good', ACTIVE: 'good',
  RUNNING: 'info', PENDING: 'info', NOT_VERIFIED: 'warn', NEVER: 'neutral', IDLE: 'neutral',
  FAILED: 'bad', RECONNECT_REQUIRED: 'bad', INTERRUPTED: 'warn', CANCELLED: 'warn', OFFLINE: 'warn', NOT_CONFIGURED: 'neutral',
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={tones[status] ?? 'neutral'}>{humanize(status)}</Badge>;
}

const acronyms: Record<string, string> = { oauth: 'OAuth', api: 'API', ip: 'IP', os: 'OS', rmm: 'RMM', uuid: 'UUID', mac: 'MAC' };

export function humanize(s: string): string {
  const t = s.replace(/_/g, ' ').toLowerCase().split(' ').map((w) => acronyms[w] ?? w).join(' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export function When({ at, empty = 'never' }: { at?: string | null; empty?: string }) {
  if (!at) return <span className="muted">{empty}</span>;
  const d = new Date(at);
  return <time dateTime={at} title={d.toISOString()}>{d.toLocaleString()}</time>;
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <div className="card-head">
        <h2 id={id}>{title}</h2>
        {actions ? <div className="card-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

export function Notice({ tone, children }: { tone: 'error' | 'ok' | 'info'; children: ReactNode }) {
  if (!children) return null;
  return <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>{children}</div>;
}

export function Loading() {
  return <p className="muted" role="status">Loading…</p>;
}
