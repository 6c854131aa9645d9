// "Previous page", the page number and "Next page" under a list paged by usePagedList; not
// shown while everything fits on one page.
import type { PagedList } from "./usePagedList";

export function Pager({ list, label }: { list: PagedList<unknown>; label: string }) {
  if (list.pageNumber === 1 && !list.hasNext) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={list.pageNumber === 1 || list.loading} onClick={list.previous}>
        Previous page
      </button>
      <span aria-live="polite">Page {list.pageNumber}</span>
      <button type="button" disabled={!list.hasNext || list.loading} onClick={list.next}>
        Next page
      </button>
    </nav>
  );
}
