import { Component, ComponentGroup } from '../../../generated/prisma/client';
import { ComponentStatus } from '../../../generated/prisma/enums';
import { worstOf } from '../status-computation';
import { PublicPageData } from './public-page-data';

/** A top-level entry of a page: a group with its components, or an ungrouped component. */
export type LayoutItem =
  | { kind: 'group'; group: ComponentGroup; status: ComponentStatus; children: Component[] }
  | { kind: 'component'; component: Component };

export interface PageLayout {
  /** Groups and ungrouped components in display order (position, then creation). */
  items: LayoutItem[];
  byId: Map<string, Component>;
}

/** What the public sees for a component. */
export const statusOf = (d: PublicPageData, c: Component): ComponentStatus => d.effective.get(c.id) ?? c.status;

const memo = new WeakMap<PublicPageData, PageLayout>();

/** Forgets a snapshot's layout (its documents were dropped from the cache). */
export function forgetLayout(d: PublicPageData): void {
  memo.delete(d);
}

/** The page's layout, derived once per snapshot and shared by every renderer. */
export function layoutOf(d: PublicPageData): PageLayout {
  let layout = memo.get(d);
  if (layout) return layout;
  const sortable: Array<{ position: number; createdAt: Date; item: LayoutItem }> = [];
  for (const group of d.groups) {
    const children = d.components.filter((c) => c.groupId === group.id);
    const status = worstOf(children.map((c) => statusOf(d, c)));
    sortable.push({ position: group.position, createdAt: group.createdAt, item: { kind: 'group', group, status, children } });
  }
  for (const component of d.components) {
    if (!component.groupId) {
      sortable.push({ position: component.position, createdAt: component.createdAt, item: { kind: 'component', component } });
    }
  }
  sortable.sort((a, b) => a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime());
  layout = { items: sortable.map((s) => s.item), byId: new Map(d.components.map((c) => [c.id, c])) };
  memo.set(d, layout);
  return layout;
}
