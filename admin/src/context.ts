import { createContext, useContext, useEffect } from 'react';
import type { Page } from './api/client';

/** What the signed-in key may do. */
export interface Who {
  root: boolean;
}

export const WhoContext = createContext<Who>({ root: false });
export const useWho = () => useContext(WhoContext);

/** The page a page screen works on. */
export const PageContext = createContext<Page | null>(null);
export function usePageContext(): Page {
  const page = useContext(PageContext);
  if (!page) throw new Error('usePageContext outside a page screen');
  return page;
}

export function useTitle(...parts: Array<string | undefined>): void {
  const title = [...parts.filter(Boolean), 'Status admin'].join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
