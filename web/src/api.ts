import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createSSEClient } from 'graphql-sse';

// newClient talks to /graphql with the key as a Bearer header; subscriptions
// use the server's SSE transport (one connection per subscription).
export function newClient(key: string, onUnauthenticated: () => void): Client {
  const sse = createSSEClient({
    url: '/graphql',
    headers: { Authorization: `Bearer ${key}` },
    retryAttempts: 3,
  });
  return new Client({
    url: '/graphql',
    requestPolicy: 'cache-and-network',
    fetchOptions: () => ({ headers: { Authorization: `Bearer ${key}` } }),
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      if (res.status === 401) onUnauthenticated();
      return res;
    },
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          return {
            subscribe(sink) {
              const unsubscribe = sse.subscribe({ ...request, query: request.query ?? '' }, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}

export type Viewer = { role: 'ADMIN' | 'VIEWER'; tenant: { name: string } };

// signIn checks a key with a plain request, so a wrong key shows the
// server's own message.
export async function signIn(key: string): Promise<Viewer> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ viewer { role tenant { name } } }' }),
    });
  } catch {
    throw new Error('The server cannot be reached.');
  }
  const body = await res.json().catch(() => null);
  const err = body?.errors?.[0]?.message as string | undefined;
  if (!res.ok || err || !body?.data?.viewer) {
    throw new Error(err ?? `The server answered HTTP ${res.status}.`);
  }
  return body.data.viewer as Viewer;
}

// errorText turns an urql error into the message to show.
export function errorText(e: { graphQLErrors?: { message: string }[]; networkError?: Error; message: string } | undefined): string {
  if (!e) return '';
  if (e.graphQLErrors && e.graphQLErrors.length > 0) return e.graphQLErrors.map((g) => g.message).join('; ');
  if (e.networkError) return e.networkError.message;
  return e.message;
}
