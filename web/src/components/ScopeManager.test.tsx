import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider, type Client } from 'urql';
import { fromValue } from 'wonka';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { ScopeManager } from './ScopeManager';
import { Access } from './ui';

afterEach(cleanup);

const scope = (id: string, name: string, client: { id: string; name: string } | null, deviceCount = 0, suggested: { id: string; name: string } | null = null) => ({
  __typename: 'ScopeMapping', id, externalId: id.toLowerCase(), externalName: name, kind: 'GROUP', parentExternalId: null,
  autoSyncAssets: true, lastSyncedAt: null, deviceCount, client: client ? { __typename: 'Client', ...client } : null,
  suggestions: suggested ? [{ __typename: 'ScopeSuggestion', client: { __typename: 'Client', ...suggested }, confidence: 0.9, reasons: ['same name'] }] : [],
});

function opName(q: DocumentNode) {
  return (q.definitions[0] as OperationDefinitionNode).name?.value;
}

// mockClient answers the manager's queries from a list of scopes and
// records its mutations.
function mockClient(nodes: ReturnType<typeof scope>[]) {
  const queries: Record<string, unknown>[] = [];
  const mutations: { name?: string; variables: Record<string, unknown> }[] = [];
  const client = {
    executeQuery: vi.fn(({ query, variables }: { query: DocumentNode; variables: Record<string, unknown> }) => {
      queries.push(variables);
      if (opName(query) === 'ClientSearch') {
        return fromValue({ data: { clients: { __typename: 'ClientConnection', totalCount: 1, nodes: [{ __typename: 'Client', id: 'C1', name: 'Contoso' }] } } });
      }
      const mapped = variables.mapped;
      const list = nodes.filter((n) => mapped == null || (mapped ? n.client : !n.client))
        .filter((n) => !variables.search || n.externalName.toLowerCase().includes(String(variables.search).toLowerCase()));
      return fromValue({ data: { integration: { __typename: 'Integration', id: 'I1', scopeMappings: {
        __typename: 'ScopeMappingConnection', totalCount: list.length, pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null }, nodes: list } } } });
    }),
    executeMutation: vi.fn(({ query, variables }: { query: DocumentNode; variables: Record<string, unknown> }) => {
      mutations.push({ name: opName(query), variables });
      if (opName(query) === 'CreateClient') {
        return fromValue({ data: { createClient: { client: { id: 'C2', name: variables.name }, userErrors: [] } } });
      }
      return fromValue({ data: { mapScope: { scopeMapping: { id: variables.scopeId, autoSyncAssets: true, client: { id: variables.clientId, name: 'x' } }, userErrors: [] },
        unmapScope: { scopeMapping: { id: variables.scopeId, client: null }, userErrors: [] } } });
    }),
    executeSubscription: vi.fn(),
  };
  return { client: client as unknown as Client, queries, mutations };
}

function setup(nodes: ReturnType<typeof scope>[], canWrite = true) {
  const m = mockClient(nodes);
  render(
    <Provider value={m.client}>
      <Access.Provider value={{ canWrite, reason: canWrite ? '' : 'Read-only: viewer.' }}>
        <ScopeManager provider="anyrmm" />
      </Access.Provider>
    </Provider>,
  );
  return m;
}

const estate = () => [scope('S1', 'Branch North', null, 0), scope('S2', 'Branch South', { id: 'C1', name: 'Contoso' }, 42), scope('S3', 'Lab', null)];

describe('ScopeManager', () => {
  it('lists scopes with their client, or as unmapped, and their asset counts', () => {
    setup(estate());
    const north = screen.getByRole('row', { name: /Branch North/ });
    expect(within(north).getByText('Unmapped')).toBeTruthy();
    const south = screen.getByRole('row', { name: /Branch South/ });
    expect(within(south).getByText('Contoso')).toBeTruthy();
    expect(within(south).getByText('42')).toBeTruthy();
    expect(screen.getByText('3 scopes')).toBeTruthy();
  });

  it('filters to unmapped scopes and searches by name on the server', () => {
    const m = setup(estate());
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'unmapped' } });
    expect(m.queries.at(-1)).toMatchObject({ provider: 'anyrmm', mapped: false });
    expect(screen.queryByRole('row', { name: /Branch South/ })).toBeNull();
    fireEvent.change(screen.getByLabelText('Search scopes'), { target: { value: 'lab' } });
    expect(m.queries.at(-1)).toMatchObject({ search: 'lab', mapped: false });
    expect(screen.getByRole('row', { name: /Lab/ })).toBeTruthy();
  });

  it('maps one scope to a client found by search', async () => {
    const m = setup(estate());
    const north = screen.getByRole('row', { name: /Branch North/ });
    fireEvent.click(within(north).getByRole('button', { name: 'Map' }));
    fireEvent.focus(screen.getByLabelText('Client for Branch North'));
    fireEvent.click(await screen.findByRole('button', { name: 'Contoso' }));
    fireEvent.click(within(north).getByRole('button', { name: 'Map' }));
    await waitFor(() => expect(m.mutations).toEqual([{ name: 'MapScope', variables: { scopeId: 'S1', clientId: 'C1', autoSync: null } }]));
    expect(await screen.findByText('Mapped 1 scope to Contoso.')).toBeTruthy();
  });

  it('maps several scopes at once to a client created inline', async () => {
    const m = setup(estate());
    fireEvent.click(screen.getByLabelText('Select Branch North'));
    fireEvent.click(screen.getByLabelText('Select Lab'));
    const picker = screen.getByLabelText('Map selected to');
    fireEvent.focus(picker);
    fireEvent.change(picker, { target: { value: 'Fabrikam' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Create client “Fabrikam”' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Map 2 selected' }));
    await waitFor(() => expect(m.mutations.map((x) => x.name)).toEqual(['CreateClient', 'MapScope', 'MapScope']));
    expect(m.mutations.slice(1).map((x) => x.variables)).toEqual([
      { scopeId: 'S1', clientId: 'C2', autoSync: null }, { scopeId: 'S3', clientId: 'C2', autoSync: null }]);
  });

  it('toggles auto-sync and unmaps a mapped scope', async () => {
    const m = setup(estate());
    const south = screen.getByRole('row', { name: /Branch South/ });
    fireEvent.click(within(south).getByLabelText('Sync Branch South automatically'));
    fireEvent.click(within(south).getByRole('button', { name: 'Unmap' }));
    await waitFor(() => expect(m.mutations).toEqual([
      { name: 'MapScope', variables: { scopeId: 'S2', clientId: 'C1', autoSync: false } },
      { name: 'UnmapScope', variables: { scopeId: 'S2' } }]));
    const north = screen.getByRole('row', { name: /Branch North/ });
    expect((within(north).getByLabelText('Sync Branch North automatically') as HTMLInputElement).disabled).toBe(true);
  });

  it("maps a scope to the client its name suggests in one click", async () => {
    const m = setup([scope('S9', 'Contoso Computers', null, 0, { id: 'C7', name: 'Contoso, Inc.' }), ...estate()]);
    const row = screen.getByRole('row', { name: /Contoso Computers/ });
    expect(within(row).getByText('Suggested: Contoso, Inc. (90%: same name)')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Map to Contoso, Inc.' }));
    await waitFor(() => expect(m.mutations).toEqual([{ name: 'MapScope', variables: { scopeId: 'S9', clientId: 'C7', autoSync: null } }]));
  });

  it('lets a viewer look but not change anything', () => {
    setup(estate(), false);
    const south = screen.getByRole('row', { name: /Branch South/ });
    const unmap = within(south).getByRole('button', { name: 'Unmap' }) as HTMLButtonElement;
    expect(unmap.disabled).toBe(true);
    expect(unmap.title).toBe('Read-only: viewer.');
    expect((screen.getByLabelText('Select Lab') as HTMLInputElement).disabled).toBe(true);
  });
});
