import { makeBadge } from 'badge-maker';
import { PageIndicator } from '../../status-computation';
import { PublicPageData } from '../public-page-data';

const COLORS: Record<PageIndicator, string> = {
  none: 'green',
  minor: 'yellow',
  major: 'orange',
  critical: 'red',
  maintenance: 'blue',
};

/** A README-style badge: "status | All Systems Operational". */
export function renderBadge(d: PublicPageData): string {
  return makeBadge({ label: 'status', message: d.description, color: COLORS[d.indicator] ?? 'lightgrey' });
}
