import { useEffect, useMemo, useState } from 'react';
import { Provider as UrqlProvider } from 'urql';
import { newClient, signIn, type Viewer } from './api';
import { forgetKey, storedKey, storeKey } from './session';
import { href, useRoute } from './router';
import { Access, readOnlyReason } from './components/ui';
import { SignIn } from './screens/SignIn';
import { Integrations } from './screens/Integrations';
import { ProviderPage } from './screens/ProviderPage';
import { RunPage } from './screens/RunPage';
import { Assets } from './screens/Assets';
import { AssetPage } from './screens/AssetPage';
import { Review } from './screens/Review';

export function App() {
  const [key, setKey] = useState(storedKey);
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [notice, setNotice] = useState('');
  const signOut = (why = '') => { forgetKey(); setKey(''); setViewer(null); setNotice(why); };
  // A key kept from before a reload is checked again.
  useEffect(() => {
    if (key && !viewer) signIn(key).then(setViewer, () => signOut('The stored key is no longer accepted: sign in again.'));
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const client = useMemo(() => (key ? newClient(key, () => signOut('The server refused the key: sign in again.')) : null), [key]);
  const route = useRoute();

  if (!key || !client) {
    return <SignIn notice={notice} onSignedIn={(k, v) => { storeKey(k); setKey(k); setViewer(v); setNotice(''); }} />;
  }
  if (!viewer) return <p className="muted" role="status">Signing in…</p>;
  const canWrite = viewer.role === 'ADMIN';
  const [section, id] = route;
  let page;
  if (section === 'providers' && id) page = <ProviderPage key={id} id={id} />;
  else if (section === 'runs' && id) page = <RunPage key={id} id={id} />;
  else if (section === 'assets' && id) page = <AssetPage key={id} id={id} />;
  else if (section === 'assets') page = <Assets />;
  else if (section === 'review') page = <Review />;
  else page = <Integrations />;
  return (
    <UrqlProvider value={client}>
      <Access.Provider value={{ canWrite, reason: canWrite ? '' : readOnlyReason }}>
        <a className="skip" href="#content">Skip to content</a>
        <header className="topbar">
          <span className="brand">rmmgraph</span>
          <nav aria-label="Main">
            <a href={href()} aria-current={!section || section === 'providers' || section === 'runs' ? 'page' : undefined}>Integrations</a>
            <a href={href('assets')} aria-current={section === 'assets' ? 'page' : undefined}>Assets</a>
            <a href={href('review')} aria-current={section === 'review' ? 'page' : undefined}>Review matches</a>
            <a href="/graphiql">GraphiQL</a>
          </nav>
          <span className="who">{viewer.tenant.name} · {viewer.role.toLowerCase()}</span>
          <button type="button" className="btn btn-secondary" onClick={() => signOut()}>Sign out</button>
        </header>
        {!canWrite ? <div className="readonly-banner" role="note">{readOnlyReason} You can look at everything; changes are disabled.</div> : null}
        <div id="content" className="content" tabIndex={-1}>{page}</div>
      </Access.Provider>
    </UrqlProvider>
  );
}
