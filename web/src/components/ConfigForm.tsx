import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { Button, Notice, useAccess } from './ui';

// The shapes the form needs; the API's ConfigField and ConfigValue fit them.
export type Field = {
  key: string;
  label: string;
  kind: 'TEXT' | 'SECRET' | 'URL' | 'INT' | 'BOOL' | 'ENUM';
  required: boolean;
  affectsConnection: boolean;
  help?: string | null;
  placeholder?: string | null;
  options?: { value: string; label: string }[] | null;
  default?: string | null;
  min?: number | null;
  max?: number | null;
  pattern?: string | null;
  patternHelp?: string | null;
  multiline: boolean;
  advanced: boolean;
  shownWhen?: { field: string; equals: string } | null;
};

export type Value = { key: string; value?: string | null; isSet: boolean; isDefault: boolean };

export type SaveResult = { userErrors: { field?: string[] | null; message: string }[]; needsVerification?: boolean };

type Props = {
  fields: Field[];
  values: Value[] | null;
  onSave: (values: { key: string; value: string }[]) => Promise<SaveResult>;
  // faultField marks the field the last verification blamed.
  faultField?: string | null;
  faultMessage?: string | null;
};

// ConfigForm renders any provider's settings from its config fields: kinds,
// labels, help, placeholders, defaults, bounds, patterns, advanced fields and
// fields shown only when another has a value. Secrets are write-only: a set
// secret shows as set, with a Replace action. Only changed values are sent;
// the server's userErrors are shown on their fields.
export function ConfigForm({ fields, values, onSave, faultField, faultMessage }: Props) {
  const stored = useMemo(() => new Map((values ?? []).map((v) => [v.key, v])), [values]);
  const initial = useMemo(() => {
    const out: Record<string, string> = {};
    for (const f of fields) {
      const v = stored.get(f.key);
      if (f.kind === 'SECRET') out[f.key] = '';
      else if (f.kind === 'ENUM' || f.kind === 'BOOL') out[f.key] = v?.value ?? f.default ?? '';
      else out[f.key] = v && v.isSet && !v.isDefault ? v.value ?? '' : '';
    }
    return out;
  }, [fields, stored]);
  const [draft, setDraft] = useState(initial);
  // Stored values that change (after a save) become the form's new start.
  useEffect(() => setDraft(initial), [initial]);
  const [replacing, setReplacing] = useState<Record<string, boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const access = useAccess();

  const effective = (key: string) => {
    const f = fields.find((x) => x.key === key);
    return draft[key] || (f?.default ?? '') || stored.get(key)?.value || '';
  };
  const shown = (f: Field) => !f.shownWhen || effective(f.shownWhen.field) === f.shownWhen.equals;

  function check(f: Field, v: string): string {
    if (v === '') {
      const isSet = stored.get(f.key)?.isSet;
      if (f.required && !isSet && !f.default) return `${f.label} is required.`;
      return '';
    }
    if (f.kind === 'INT') {
      if (!/^-?\d+$/.test(v)) return `${f.label} must be a whole number.`;
      const n = Number(v);
      if ((f.min != null && n < f.min) || (f.max != null && n > f.max)) return `${f.label} must be between ${f.min ?? '…'} and ${f.max ?? '…'}.`;
    }
    if (f.pattern && (f.kind === 'TEXT' || f.kind === 'SECRET') && !new RegExp(`^(?:${f.pattern})$`).test(v)) {
      return f.patternHelp ? `${f.label}: ${f.patternHelp}` : `${f.label} has the wrong format.`;
    }
    return '';
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    setFormError('');
    const errs: Record<string, string> = {};
    const changed: { key: string; value: string }[] = [];
    for (const f of fields) {
      if (!shown(f)) continue;
      const v = draft[f.key].trim();
      if (f.kind === 'SECRET' && stored.get(f.key)?.isSet && !replacing[f.key]) continue;
      const msg = check(f, v);
      if (msg) errs[f.key] = msg;
      if (v !== initial[f.key]) changed.push({ key: f.key, value: v });
    }
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    if (changed.length === 0) {
      setSaved('Nothing changed.');
      return;
    }
    setBusy(true);
    try {
      const res = await onSave(changed);
      const byField: Record<string, string> = {};
      const other: string[] = [];
      for (const u of res.userErrors) {
        const key = u.field?.[u.field.length - 1];
        if (key && fields.some((f) => f.key === key)) byField[key] = u.message;
        else other.push(u.message);
      }
      setErrors(byField);
      setFormError(other.join(' '));
      if (res.userErrors.length === 0) {
        setReplacing({});
        setSaved(res.needsVerification ? 'Saved. The connection settings changed: verify the connection before the next sync.' : 'Saved.');
      }
    } catch (err) {
      setFormError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const basic = fields.filter((f) => !f.advanced && shown(f));
  const advanced = fields.filter((f) => f.advanced && shown(f));
  const render = (f: Field) => (
    <FieldInput key={f.key} field={f} value={draft[f.key]} stored={stored.get(f.key)} replacing={!!replacing[f.key]}
      error={errors[f.key] || (faultField === f.key && faultMessage ? `Last verification: ${faultMessage}` : '')}
      disabled={!access.canWrite}
      onReplace={() => setReplacing({ ...replacing, [f.key]: true })}
      onChange={(v) => setDraft({ ...draft, [f.key]: v })} />
  );
  return (
    <form className="config-form" onSubmit={submit} noValidate>
      {basic.map(render)}
      {advanced.length > 0 ? (
        <details className="advanced">
          <summary>Advanced settings</summary>
          {advanced.map(render)}
        </details>
      ) : null}
      <Notice tone="error">{formError}</Notice>
      <Notice tone="ok">{saved}</Notice>
      <div className="form-actions">
        <Button type="submit" kind="primary" busy={busy} write>Save settings</Button>
      </div>
    </form>
  );
}

function defaultLabel(f: Field): string {
  if (f.kind === 'BOOL') return f.default === 'true' ? 'on' : 'off';
  return f.options?.find((o) => o.value === f.default)?.label ?? f.default ?? '';
}

type InputProps = {
  field: Field;
  value: string;
  stored?: Value;
  replacing: boolean;
  error: string;
  disabled: boolean;
  onChange: (v: string) => void;
  onReplace: () => void;
};

function FieldInput({ field: f, value, stored, replacing, error, disabled, onChange, onReplace }: InputProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const errId = `${id}-err`;
  const described = [f.help || f.default || f.affectsConnection ? helpId : '', error ? errId : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id, disabled, 'aria-describedby': described, 'aria-invalid': error ? true : undefined,
    'aria-required': f.required || undefined, name: f.key,
  };
  let input;
  if (f.kind === 'SECRET' && stored?.isSet && !replacing) {
    input = (
      <div className="secret-set">
        <span id={id} className="badge badge-good">Set</span>
        <Button onClick={onReplace} write>Replace {f.label}</Button>
      </div>
    );
  } else if (f.kind === 'ENUM') {
    input = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        {!f.required && !f.default ? <option value="">(none)</option> : null}
        {(f.options ?? []).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    );
  } else if (f.kind === 'BOOL') {
    input = (
      <input {...common} type="checkbox" checked={value === 'true'} onChange={(e) => onChange(e.target.checked ? 'true' : 'false')} />
    );
  } else if (f.multiline) {
    input = <textarea {...common} rows={5} value={value} placeholder={f.placeholder ?? undefined} onChange={(e) => onChange(e.target.value)} />;
  } else {
    input = (
      <input {...common} value={value}
        type={f.kind === 'SECRET' ? 'password' : f.kind === 'INT' ? 'number' : 'text'}
        inputMode={f.kind === 'URL' ? 'url' : undefined}
        autoComplete={f.kind === 'SECRET' ? 'new-password' : 'off'}
        min={f.min ?? undefined} max={f.max ?? undefined}
        placeholder={f.placeholder ?? f.default ?? undefined}
        onChange={(e) => onChange(e.target.value)} />
    );
  }
  return (
    <div className={`field field-${f.kind.toLowerCase()}${error ? ' field-error' : ''}`}>
      <label htmlFor={id}>
        {f.label}
        {f.required ? <span className="required" aria-hidden="true"> *</span> : null}
      </label>
      {input}
      {f.help || f.default || f.affectsConnection ? (
        <p id={helpId} className="help">
          {f.help}
          {f.default ? ` Default: ${defaultLabel(f)}.` : ''}
          {f.affectsConnection ? ' Changing it needs the connection verified again.' : ''}
        </p>
      ) : null}
      {error ? <p id={errId} className="error-text">{error}</p> : null}
    </div>
  );
}
