// "Previous page / Page n / Next page" under a paged list; the page number is announced.
// Hidden while the whole list fits on one page.
import type { useCursorPaging } from "./useCursorPaging";

interface Props {
  label: string;
  paging: ReturnType<typeof useCursorPaging>;
  nextCursor: string | null | undefined;
}

export function Pager({ label, paging, nextCursor }: Props) {
  // Everything fits on one page: no buttons that could only be disabled.
  if (paging.pageNumber === 1 && !nextCursor) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={paging.pageNumber === 1} onClick={paging.previous}>
        Previous page
      </button>
      <span aria-live="polite">Page {paging.pageNumber}</span>
      <button type="button" disabled={!nextCursor} onClick={() => nextCursor && paging.next(nextCursor)}>
        Next page
      </button>
    </nav>
  );
}
