import { useId, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { errorText } from '../api';
import { Button, useAccess } from './ui';

const ClientSearch = graphql(`
  query ClientSearch($search: String) {
    clients(first: 8, search: $search, active: true) {
      totalCount
      nodes { id name }
    }
  }
`);

const CreateClient = graphql(`
  mutation CreateClient($name: String!) {
    createClient(input: { name: $name }) {
      client { id name }
      userErrors { field message }
    }
  }
`);

export type PickedClient = { id: string; name: string };

// ClientPicker finds an active client by name, or creates one inline.
export function ClientPicker({ label = 'Client', value, onChange }: { label?: string; value: PickedClient | null; onChange: (c: PickedClient | null) => void }) {
  const id = useId();
  const listId = `${id}-list`;
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const [error, setError] = useState('');
  const access = useAccess();
  const [{ data, fetching }] = useQuery({ query: ClientSearch, variables: { search: search.trim() || null }, pause: !open });
  const [created, createClient] = useMutation(CreateClient);
  const nodes = data?.clients.nodes ?? [];
  const exact = nodes.some((n) => n.name.toLowerCase() === search.trim().toLowerCase());

  async function create() {
    setError('');
    const res = await createClient({ name: search.trim() });
    const p = res.data?.createClient;
    if (res.error || !p) return setError(errorText(res.error));
    if (p.userErrors.length > 0) return setError(p.userErrors.map((u) => u.message).join(' '));
    if (p.client) {
      onChange(p.client);
      setOpen(false);
      setSearch('');
    }
  }

  if (value && !open) {
    return (
      <div className="picker picker-chosen">
        <span className="picker-label">{label}:</span> <strong>{value.name}</strong>
        <Button onClick={() => { onChange(null); setOpen(true); }}>Change</Button>
      </div>
    );
  }
  return (
    <div className="picker">
      <label htmlFor={id}>{label}</label>
      <input id={id} role="combobox" aria-expanded={open} aria-controls={listId} aria-autocomplete="list" value={search}
        placeholder="Search clients by name" autoComplete="off"
        onFocus={() => setOpen(true)} onChange={(e) => { setSearch(e.target.value); setOpen(true); }} />
      {open ? (
        <ul id={listId} role="listbox" aria-label={`${label} matches`} className="picker-list">
          {fetching && nodes.length === 0 ? <li className="muted" role="presentation">Searching…</li> : null}
          {nodes.map((c) => (
            <li key={c.id} role="option" aria-selected={value?.id === c.id}>
              <button type="button" className="linklike" onClick={() => { onChange(c); setOpen(false); setSearch(''); }}>{c.name}</button>
            </li>
          ))}
          {!fetching && nodes.length === 0 && !search.trim() ? <li className="muted" role="presentation">No clients yet: type a name to create one.</li> : null}
          {search.trim() && !exact ? (
            <li role="presentation">
              <Button onClick={create} busy={created.fetching} write disabledReason={access.canWrite ? '' : access.reason}>
                Create client “{search.trim()}”
              </Button>
            </li>
          ) : null}
        </ul>
      ) : null}
      {error ? <p className="error-text" role="alert">{error}</p> : null}
    </div>
  );
}
