// The list view: upcoming, past or all meetings, soonest first (the order the API lists
// them in), a page at a time.
import { useEffect, useState } from "react";
import { api, unwrap } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Pager } from "../../components/Pager";
import { useCursorPaging } from "../../components/useCursorPaging";
import { MeetingTable } from "./MeetingTable";
import { NoMeetings } from "./NoMeetings";
import type { Meeting } from "./meetingTime";
import { sharedQuery, type MeetingsAddress } from "./useMeetingsAddress";

const pageSize = 25;
const whenTitles = { upcoming: "Upcoming meetings", past: "Past meetings", all: "All meetings" };

interface Page {
  items: Meeting[];
  next: string | null;
}

// "now" is fixed when the filter is chosen, so paging through it does not shift the list.
function rangeOf(when: MeetingsAddress["when"], now: string) {
  if (when === "upcoming") return { from: now };
  if (when === "past") return { to: now };
  return {};
}

export function MeetingList({ address }: { address: MeetingsAddress }) {
  const [now] = useState(() => new Date().toISOString());
  const query = { ...sharedQuery(address), ...rangeOf(address.when, now) };
  const queryKey = JSON.stringify(query);
  const paging = useCursorPaging(queryKey);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    setPage(null);
    api
      .GET("/api/v1/meetings", { params: { query: { ...query, limit: pageSize, cursor: paging.cursor } } })
      .then((result) => {
        if (!current) return;
        const data = unwrap(result);
        setPage({ items: data.items, next: data.next_cursor });
        setError(null);
      })
      .catch((failure) => current && setError(failure));
    return () => {
      current = false;
    };
    // queryKey stands for query, a new object at every render: compare by value.
  }, [queryKey, paging.cursor]);

  const title = whenTitles[address.when];
  return (
    <section aria-labelledby="meeting-list-heading" aria-busy={page === null}>
      <h2 id="meeting-list-heading">{title}</h2>
      <ErrorMessage error={error} />
      {page === null && !error && <p className="loading">Loading meetings…</p>}
      {page && page.items.length === 0 && <NoMeetings />}
      {page && page.items.length > 0 && <MeetingTable meetings={page.items} caption={title} />}
      <Pager label="Pages of meetings" paging={paging} nextCursor={page?.next} />
    </section>
  );
}
