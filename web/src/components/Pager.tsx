import type { KeysetPages } from "./useKeysetPages";

// Previous and next page of a keyset-paged list, with the page number announced politely.
export function Pager({ label, pages, nextCursor }: {
  label: string;
  pages: KeysetPages;
  nextCursor: string | null | undefined;
}) {
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={pages.pageNumber === 1} onClick={pages.previous}>
        Previous page
      </button>
      <span aria-live="polite">Page {pages.pageNumber}</span>
      <button type="button" disabled={!nextCursor} onClick={() => nextCursor && pages.next(nextCursor)}>
        Next page
      </button>
    </nav>
  );
}
