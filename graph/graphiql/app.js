// GraphiQL with a key bar: the API key is kept in session storage (it
// survives a reload, not the browser session), sent as a Bearer header and
// in the websocket's init payload. Without a key GraphiQL asks for nothing,
// so the first load shows no error; a new key remounts GraphiQL, which then
// loads the schema for Docs and autocomplete.
const h = React.createElement;
const storageKey = 'rmmgraph.apiKey';
const wsURL = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';

function fetcherFor(key) {
  return GraphiQL.createFetcher({
    url: '/graphql',
    headers: { Authorization: 'Bearer ' + key },
    subscriptionUrl: wsURL,
    wsConnectionParams: { Authorization: 'Bearer ' + key },
  });
}

async function whoAmI(key) {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + key },
    body: JSON.stringify({ query: '{ viewer { role tenant { name } } }' }),
  });
  const body = await res.json().catch(() => null);
  const err = body && body.errors && body.errors[0];
  if (!res.ok || err || !body || !body.data) {
    throw new Error(err ? err.message : 'HTTP ' + res.status);
  }
  return body.data.viewer;
}

function KeyBar({ viewer, error, onKey, onForget }) {
  const [draft, setDraft] = React.useState('');
  if (viewer) {
    return h('div', { className: 'keybar', role: 'status' },
      h('span', null, 'Signed in to ', h('strong', null, viewer.tenant.name), ' as ', viewer.role.toLowerCase()),
      h('button', { type: 'button', onClick: onForget }, 'Forget key'));
  }
  return h('form', {
    className: 'keybar', onSubmit: (e) => { e.preventDefault(); if (draft.trim()) onKey(draft.trim()); },
  },
  h('label', { htmlFor: 'apikey' }, 'API key'),
  h('input', {
    id: 'apikey', type: 'password', autoComplete: 'off', placeholder: 'rmg_… (printed by rmmgraph serve or rmmgraph apikey create)',
    value: draft, onChange: (e) => setDraft(e.target.value),
  }),
  h('button', { type: 'submit' }, 'Use key'),
  error ? h('span', { className: 'keybar-error', role: 'alert' }, 'Key refused: ' + error) : h('span', { className: 'keybar-hint' }, 'Kept for this browser session only.'));
}

function App() {
  const [key, setKey] = React.useState(() => sessionStorage.getItem(storageKey) || '');
  const [viewer, setViewer] = React.useState(null);
  const [error, setError] = React.useState('');
  React.useEffect(() => {
    if (!key) { setViewer(null); return; }
    let live = true;
    whoAmI(key).then((v) => { if (live) { setViewer(v); setError(''); sessionStorage.setItem(storageKey, key); } },
      (e) => { if (live) { setViewer(null); setError(e.message); setKey(''); sessionStorage.removeItem(storageKey); } });
    return () => { live = false; };
  }, [key]);
  const fetcher = React.useMemo(() => (viewer ? fetcherFor(key) : null), [viewer, key]);
  const forget = () => { sessionStorage.removeItem(storageKey); setKey(''); setViewer(null); };
  return h('div', { className: 'shell' },
    h(KeyBar, { viewer, error, onKey: (k) => { setError(''); setKey(k); }, onForget: forget }),
    h('div', { className: 'editor' },
      h(GraphiQL, {
        key: viewer ? key : 'signed-out',
        fetcher: fetcher || (() => Promise.resolve({ errors: [{ message: 'Paste an API key above first.' }] })),
        schema: fetcher ? undefined : null,
        defaultQuery: '# Paste your API key above, then run:\n{\n  viewer { tenant { name } role }\n  providers { id displayName capabilities { fullSync incrementalSync } }\n}\n',
      })));
}

ReactDOM.createRoot(document.getElementById('graphiql')).render(h(App));
