// "Previous page", the page number (announced when it changes) and "Next page" for a list
// paged with usePagedList.
import type { CursorPages } from "./usePagedList";

interface Props {
  label: string; // what is paged, e.g. "Pages of plans"
  pages: CursorPages;
  nextCursor: string | null | undefined;
}

export function Pager({ label, pages, nextCursor }: Props) {
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
