/*
 * The signed-in API key, kept in sessionStorage only (gone when the tab closes).
 * Components read it through useSession(); a 401 from any call ends the session.
 */
import { useSyncExternalStore } from 'react';

const STORAGE_KEY = 'statuspages.admin.apiKey';

export interface SessionState {
  key: string | null;
  /** Why the last session ended, shown on the sign-in screen. */
  ended: 'expired' | 'signed-out' | null;
}

let state: SessionState = { key: read(), ended: null };
const listeners = new Set<() => void>();

function read(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function set(next: SessionState): void {
  state = next;
  try {
    if (next.key) sessionStorage.setItem(STORAGE_KEY, next.key);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage refused (private mode): the key lives in memory for this tab
  }
  listeners.forEach((l) => l());
}

export const session = {
  key: (): string | null => state.key,
  signIn: (key: string): void => set({ key, ended: null }),
  signOut: (): void => set({ key: null, ended: 'signed-out' }),
  /** A call answered 401: the key was revoked or is wrong. */
  expire: (): void => {
    if (state.key) set({ key: null, ended: 'expired' });
  },
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  snapshot: (): SessionState => state,
};

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.snapshot);
}
