// A titled panel showing one paged list from the API: loading, the failure, an empty state
// that says what to do next, the items (drawn by the caller) and the pager.
import { useId } from "react";
import type { ReactNode, Ref } from "react";
import { ErrorMessage } from "./ErrorMessage";
import { Pager } from "./Pager";
import type { PagedListState } from "./usePagedList";

interface Props<T> {
  title: string;
  list: PagedListState<T>;
  empty: ReactNode;
  render(items: T[]): ReactNode;
  // Above the list: a link or a form that adds to it, a filter.
  tools?: ReactNode;
  headingRef?: Ref<HTMLHeadingElement>;
  className?: string;
}

export function ListSection<T>({ title, list, empty, render, tools, headingRef, className }: Props<T>) {
  const headingId = useId();
  return (
    <section className={"panel " + (className ?? "")} aria-labelledby={headingId} aria-busy={list.loading}>
      <h2 id={headingId} ref={headingRef} tabIndex={headingRef ? -1 : undefined}>
        {title}
      </h2>
      {tools}
      <ErrorMessage error={list.error} />
      {list.page === null && !list.error && <p className="loading">Loading…</p>}
      {list.page?.items.length === 0 && <p className="empty">{empty}</p>}
      {list.page && list.page.items.length > 0 && render(list.page.items)}
      <Pager label={`Pages of ${title.toLowerCase()}`} paging={list.paging} nextCursor={list.page?.next} />
    </section>
  );
}
