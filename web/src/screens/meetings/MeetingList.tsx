// The list view: upcoming, past or all meetings, soonest first (the order the API lists
// them in), a page at a time.
import { useState } from "react";
import { api, unwrap, type Schemas } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Pager } from "../../components/Pager";
import { usePagedList } from "../../components/usePagedList";
import { MeetingTable } from "./MeetingTable";
import { NoMeetings } from "./NoMeetings";
import { sharedQuery, type MeetingsAddress } from "./useMeetingsAddress";

const pageSize = 25;
const whenTitles = { upcoming: "Upcoming meetings", past: "Past meetings", all: "All meetings" };

// "now" is fixed when the list opens, so paging through it does not shift the list.
function rangeOf(when: MeetingsAddress["when"], now: string) {
  if (when === "upcoming") return { from: now };
  if (when === "past") return { to: now };
  return {};
}

export function MeetingList({ address }: { address: MeetingsAddress }) {
  const [now] = useState(() => new Date().toISOString());
  const query = { ...sharedQuery(address), ...rangeOf(address.when, now) };
  const { page, loading, error, paging } = usePagedList<Schemas["Meeting"]>(JSON.stringify(query), async (cursor) =>
    unwrap(await api.GET("/api/v1/meetings", { params: { query: { ...query, limit: pageSize, cursor } } })),
  );
  const title = whenTitles[address.when];
  return (
    <section aria-labelledby="meeting-list-heading" aria-busy={loading}>
      <h2 id="meeting-list-heading">{title}</h2>
      <ErrorMessage error={error} />
      {page === null && !error && <p className="loading">Loading meetings…</p>}
      {page && page.items.length === 0 && <NoMeetings />}
      {page && page.items.length > 0 && <MeetingTable meetings={page.items} caption={title} />}
      <Pager label="Pages of meetings" paging={paging} nextCursor={page?.next} />
    </section>
  );
}
