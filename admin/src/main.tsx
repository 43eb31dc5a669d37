import { MutationCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/client';
import { App } from './App';
import { session } from './session';
import './styles.css';

const queryClient: QueryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
  // Any change can move effective statuses and the public indicator: refetch what is on screen.
  mutationCache: new MutationCache({
    onSuccess: () => void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'whoami' }),
  }),
});

// Signing out or a 401 forgets everything read with the old key.
session.subscribe(() => {
  if (!session.key()) queryClient.clear();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
