// "Previous page / Page N / Next page" under a keyset-paged list (see useCursorPages).
import type { CursorPages } from "./useCursorPages";

interface Props {
  label: string;
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
