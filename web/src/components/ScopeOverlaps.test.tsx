import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Provider, type Client } from 'urql';
import { fromValue } from 'wonka';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { ScopeOverlaps } from './ScopeOverlaps';
import { Access } from './ui';

afterEach(cleanup);

const opName = (q: DocumentNode) => (q.definitions[0] as OperationDefinitionNode).name?.value;

const scope = (id: string, name: string, client: string | null) => ({
  __typename: 'ScopeMapping', id, externalId: id.toLowerCase(), externalName: name, client: client ? { __typename: 'Client', id: 'C-' + client, name: client } : null,
});

const integration = {
  __typename: 'Integration', id: 'I1',
  scopePriority: { __typename: 'ScopePriority', mode: 'LOWEST_ID', scopeIds: [] },
  scopeConflicts: { __typename: 'ScopeConflictConnection', totalCount: 1, nodes: [{
    __typename: 'ScopeConflict', externalId: 'dev-1', name: 'ACME-SRV-01', detectedAt: '2026-11-20T08:00:00Z',
    scopes: [scope('S1', 'Acme Corp', 'Globex'), scope('S2', 'Acme Servers', 'Acme')] }] },
  scopeMappings: { __typename: 'ScopeMappingConnection', totalCount: 1, nodes: [{
    ...scope('S3', 'Initech', 'Initech'),
    retirementHold: { __typename: 'RetirementHold', detectedAt: '2026-11-20T08:00:00Z', had: 40, returned: 3, wouldRetire: 37, dismissed: false,
      devices: [{ __typename: 'HeldDevice', externalId: 'x1', asset: { __typename: 'Asset', id: 'A1', name: 'INITECH-PC-1' } }] } }] },
};

function setup(canWrite = true) {
  const mutations: { name?: string; variables: Record<string, unknown> }[] = [];
  const client = {
    executeQuery: vi.fn(() => fromValue({ data: { integration } })),
    executeMutation: vi.fn(({ query, variables }: { query: DocumentNode; variables: Record<string, unknown> }) => {
      mutations.push({ name: opName(query), variables });
      return fromValue({ data: {
        setScopePriority: { integration: { id: 'I1', scopePriority: { mode: variables.mode, scopeIds: variables.scopeIds ?? [] } }, userErrors: [] },
        confirmRetirement: { retired: 37, userErrors: [] },
        dismissRetirement: { scopeMapping: { id: 'S3' }, userErrors: [] },
      } });
    }),
    executeSubscription: vi.fn(),
  };
  render(
    <Provider value={client as unknown as Client}>
      <Access.Provider value={{ canWrite, reason: canWrite ? '' : 'Read-only: viewer.' }}>
        <ScopeOverlaps provider="anyrmm" onChange={() => {}} />
      </Access.Provider>
    </Provider>,
  );
  return mutations;
}

describe('ScopeOverlaps', () => {
  it('shows which scope a conflicting device goes to, and saves an explicit order', async () => {
    const mutations = setup();
    expect(screen.getByText('1 conflicts')).toBeTruthy();
    expect(screen.getByRole('row', { name: /ACME-SRV-01/ }).textContent).toContain('Acme Corp (Globex)');
    fireEvent.change(screen.getByLabelText('Scope priority'), { target: { value: 'EXPLICIT' } });
    fireEvent.change(screen.getByLabelText('Scope ids, first wins'), { target: { value: 's2\n s1 \n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save priority' }));
    await waitFor(() => expect(mutations).toEqual([{ name: 'SetScopePriority', variables: { provider: 'anyrmm', mode: 'EXPLICIT', scopeIds: ['s2', 's1'] } }]));
    await screen.findByText('Saved: the next sync moves the devices concerned.');
  });

  it('holds a mass retirement until an admin confirms or keeps it', async () => {
    const mutations = setup();
    expect(screen.getByText(/returned 3 of 40 devices/).textContent).toContain('INITECH-PC-1');
    fireEvent.click(screen.getByRole('button', { name: 'Retire 37 devices' }));
    await screen.findByText('Retired 37 assets of Initech.');
    fireEvent.click(screen.getByRole('button', { name: 'Keep them' }));
    await screen.findByText('Kept the devices of Initech.');
    expect(mutations.map((m) => [m.name, m.variables.scopeId])).toEqual([['ConfirmRetirement', 'S3'], ['DismissRetirement', 'S3']]);
  });

  it('lets a viewer look but not decide', () => {
    setup(false);
    expect((screen.getByLabelText('Scope priority') as HTMLSelectElement).disabled).toBe(true);
    for (const name of ['Save priority', 'Retire 37 devices', 'Keep them']) {
      expect((screen.getByRole('button', { name }) as HTMLButtonElement).disabled).toBe(true);
    }
  });
});
