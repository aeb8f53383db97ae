// The API key lives in session storage only: it survives a reload of the
// tab, never a closed browser, and is never put in a cookie or a URL.
// GraphiQL (/graphiql) reads the same entry.
const storageKey = 'rmmgraph.apiKey';

export function storedKey(): string {
  return sessionStorage.getItem(storageKey) ?? '';
}

export function storeKey(key: string) {
  sessionStorage.setItem(storageKey, key);
}

export function forgetKey() {
  sessionStorage.removeItem(storageKey);
}
