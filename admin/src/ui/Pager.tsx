/* Previous / next for the API's paginated lists. */
export function Pager({ meta, onPage }: { meta: { total: number; page: number; perPage: number }; onPage: (n: number) => void }) {
  const pages = Math.max(1, Math.ceil(meta.total / meta.perPage));
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label="Pagination">
      <button type="button" className="button small" disabled={meta.page <= 1} onClick={() => onPage(meta.page - 1)}>
        ← Previous
      </button>
      <span className="muted">
        {meta.page} of {pages}
      </span>
      <button type="button" className="button small" disabled={meta.page >= pages} onClick={() => onPage(meta.page + 1)}>
        Next →
      </button>
    </nav>
  );
}
