import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ConfigForm, type Field, type Value } from './ConfigForm';
import { Access } from './ui';

afterEach(cleanup);

const base = { required: false, affectsConnection: false, multiline: false, advanced: false };
const fields: Field[] = [
  { ...base, key: 'url', label: 'Server URL', kind: 'URL', required: true, affectsConnection: true, placeholder: 'https://rmm.example.com' },
  { ...base, key: 'apiKey', label: 'API key', kind: 'SECRET', required: true, affectsConnection: true, help: 'Write-only.' },
  { ...base, key: 'mode', label: 'Mode', kind: 'ENUM', default: 'a', options: [{ value: 'a', label: 'Mode A' }, { value: 'b', label: 'Mode B' }] },
  { ...base, key: 'bOnly', label: 'Only for B', kind: 'TEXT', shownWhen: { field: 'mode', equals: 'b' } },
  { ...base, key: 'pageSize', label: 'Page size', kind: 'INT', default: '100', min: 1, max: 1000, advanced: true },
  { ...base, key: 'ca', label: 'CA bundle', kind: 'TEXT', multiline: true, advanced: true },
  { ...base, key: 'code', label: 'Code', kind: 'TEXT', pattern: '[A-Z]{3}', patternHelp: 'three capital letters' },
  { ...base, key: 'fallback', label: 'Fallback', kind: 'BOOL', default: 'false' },
];

function setup(values: Value[] | null, onSave = vi.fn().mockResolvedValue({ userErrors: [] }), canWrite = true) {
  render(
    <Access.Provider value={{ canWrite, reason: canWrite ? '' : 'Read-only: viewer.' }}>
      <ConfigForm fields={fields} values={values} onSave={onSave} />
    </Access.Provider>,
  );
  return onSave;
}

describe('ConfigForm', () => {
  it('renders every field kind with its label, help, default and options', () => {
    setup(null);
    expect(screen.getByLabelText(/Server URL/)).toHaveProperty('placeholder', 'https://rmm.example.com');
    expect(screen.getByLabelText(/API key/)).toHaveProperty('type', 'password');
    const mode = screen.getByLabelText('Mode') as HTMLSelectElement;
    expect([...mode.options].map((o) => o.textContent)).toEqual(['Mode A', 'Mode B']);
    expect(mode.value).toBe('a');
    expect(screen.getByLabelText('Page size')).toHaveProperty('type', 'number');
    expect(screen.getByLabelText('Page size').closest('details')).not.toBeNull();
    expect(screen.getByLabelText('CA bundle').tagName).toBe('TEXTAREA');
    expect(screen.getByLabelText('Fallback')).toHaveProperty('type', 'checkbox');
    expect(screen.getByText(/Default: off\./)).toBeTruthy();
    expect(screen.getByText(/Write-only\. Changing it needs the connection verified again\./)).toBeTruthy();
  });

  it('shows a field only while the field it depends on has the value', () => {
    setup(null);
    expect(screen.queryByLabelText('Only for B')).toBeNull();
    fireEvent.change(screen.getByLabelText('Mode'), { target: { value: 'b' } });
    expect(screen.getByLabelText('Only for B')).toBeTruthy();
  });

  it('checks bounds and patterns before sending, naming the field', async () => {
    const onSave = setup(null);
    fireEvent.change(screen.getByLabelText(/Server URL/), { target: { value: 'https://rmm.test' } });
    fireEvent.change(screen.getByLabelText(/API key/), { target: { value: 'k' } });
    fireEvent.change(screen.getByLabelText('Page size'), { target: { value: '9999' } });
    fireEvent.change(screen.getByLabelText('Code'), { target: { value: 'abc' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Page size must be between 1 and 1000.')).toBeTruthy();
    expect(screen.getByText('Code: three capital letters')).toBeTruthy();
    expect(screen.getByLabelText('Page size').getAttribute('aria-invalid')).toBe('true');
    expect(onSave).not.toHaveBeenCalled();
  });

  it('requires required fields that are not set', async () => {
    const onSave = setup(null);
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Server URL is required.')).toBeTruthy();
    expect(screen.getByText('API key is required.')).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();
  });

  it('keeps secrets write-only and sends only what changed', async () => {
    const values: Value[] = [
      { key: 'url', value: 'https://rmm.test', isSet: true, isDefault: false },
      { key: 'apiKey', value: null, isSet: true, isDefault: false },
      { key: 'mode', value: 'a', isSet: false, isDefault: true },
      { key: 'pageSize', value: '100', isSet: false, isDefault: true },
    ];
    const onSave = setup(values);
    expect(screen.queryByDisplayValue('secret')).toBeNull();
    expect(screen.getByText('Set')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Page size'), { target: { value: '250' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave).toHaveBeenCalledWith([{ key: 'pageSize', value: '250' }]);

    fireEvent.click(screen.getByRole('button', { name: 'Replace API key' }));
    fireEvent.change(screen.getByLabelText(/API key/), { target: { value: 'new-key' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(2));
    expect(onSave).toHaveBeenLastCalledWith([{ key: 'apiKey', value: 'new-key' }, { key: 'pageSize', value: '250' }]);
  });

  it("shows the server's userErrors on their fields", async () => {
    const onSave = vi.fn().mockResolvedValue({ userErrors: [{ field: ['input', 'values', 'url'], message: 'rmmgraph may not connect to 10.0.0.1' }, { field: null, message: 'Something else.' }] });
    setup(null, onSave);
    fireEvent.change(screen.getByLabelText(/Server URL/), { target: { value: 'http://10.0.0.1' } });
    fireEvent.change(screen.getByLabelText(/API key/), { target: { value: 'k' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('rmmgraph may not connect to 10.0.0.1')).toBeTruthy();
    expect(screen.getByLabelText(/Server URL/).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('Something else.');
  });

  it('disables everything for a viewer and says why', () => {
    setup(null, undefined, false);
    const save = screen.getByRole('button', { name: 'Save settings' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    expect(save.title).toBe('Read-only: viewer.');
    expect((screen.getByLabelText(/Server URL/) as HTMLInputElement).disabled).toBe(true);
  });
});
