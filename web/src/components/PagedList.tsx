// A keyset-paged list's section: a heading for screen readers, progress while a page loads,
// what to do next when there is nothing, the items, and the pager.
import { useId } from "react";
import type { ReactNode } from "react";
import { Pager } from "./Pager";
import type { PagedListState } from "./usePagedList";

interface Props<T> {
  // Plural, lower case: "forms", "responses".
  what: string;
  paged: PagedListState<T>;
  empty: ReactNode;
  children(items: T[]): ReactNode;
}

export function PagedList<T>({ what, paged, empty, children }: Props<T>) {
  const { page, loading, error, paging } = paged;
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} aria-busy={loading}>
      <h2 id={headingId} className="visually-hidden">
        The {what}
      </h2>
      {page === null && !error && <p className="loading">Loading {what}…</p>}
      {page && page.items.length === 0 && <p className="empty">{empty}</p>}
      {page && page.items.length > 0 && children(page.items)}
      <Pager label={`Pages of ${what}`} paging={paging} nextCursor={page?.next} />
    </section>
  );
}
