import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef } from 'react';
import { WhoContext, useTitle, useWho } from './context';
import { identify, keys } from './queries';
import { Link, match, usePath } from './router';
import { ApiKeysScreen } from './screens/ApiKeys';
import { PageShell } from './screens/PageShell';
import { NewPageScreen, PagesScreen } from './screens/Pages';
import { SignIn } from './screens/SignIn';
import { session, useSession } from './session';
import { ErrorBox, Loading, NoticeProvider } from './ui/bits';

export function App() {
  const { key, ended } = useSession();
  if (!key) return <SignIn ended={ended} />;
  return <SignedIn key={key} apiKey={key} />;
}

function SignedIn({ apiKey }: { apiKey: string }) {
  const who = useQuery({ queryKey: keys.whoami(apiKey), queryFn: () => identify(apiKey), staleTime: Infinity });
  if (who.isPending) return <Loading what="your account" />;
  if (who.isError) return <ErrorBox error={who.error} what="your account" />;
  return (
    <WhoContext.Provider value={who.data}>
      <NoticeProvider>
        <Shell>
          <Routes />
        </Shell>
      </NoticeProvider>
    </WhoContext.Provider>
  );
}

/** The top-level screens; a page's own screens are listed in screens/sections.tsx. */
function Routes() {
  const path = usePath();
  const { root } = useWho();
  let m: Record<string, string> | null;
  if (path === '/') return <PagesScreen />;
  if (match('/pages/new', path)) return root ? <NewPageScreen /> : <NotFound />;
  if (match('/api-keys', path)) return root ? <ApiKeysScreen /> : <NotFound />;
  if ((m = match('/pages/:pageId/*', path))) return <PageShell key={m.pageId} pageId={m.pageId} rest={m['*']} />;
  return <NotFound />;
}

function Shell({ children }: { children: ReactNode }) {
  const { root } = useWho();
  const path = usePath();
  const first = useRef(true);
  // After a navigation, focus goes to the new screen's heading (screen readers announce it).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
  }, [path]);
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand-dot" aria-hidden="true" />
          Status admin
        </Link>
        <nav aria-label="Main" className="topnav">
          <Link to="/" aria-current={path === '/' ? 'page' : undefined}>
            Pages
          </Link>
          {root && (
            <Link to="/api-keys" aria-current={path === '/api-keys' ? 'page' : undefined}>
              API keys
            </Link>
          )}
          <button type="button" className="link-button" onClick={() => session.signOut()}>
            Sign out
          </button>
        </nav>
      </header>
      <main id="main" className="main">
        {children}
      </main>
    </>
  );
}

export function NotFound({ what = 'This screen' }: { what?: string }) {
  useTitle('Not found');
  return (
    <section className="stack">
      <h1 tabIndex={-1}>Not found</h1>
      <p>{what} does not exist, or your key cannot see it.</p>
      <p>
        <Link to="/">Back to the pages</Link>
      </p>
    </section>
  );
}
