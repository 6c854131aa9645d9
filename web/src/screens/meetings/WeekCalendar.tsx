// The week view: seven day columns, Monday to Sunday on the district's clock, each a heading
// and a list of that day's meetings by start time (a list a screen reader can walk, not a
// picture). Previous, next and "this week" move the week in the address.
import { Link } from "react-router-dom";
import { api, unwrap } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useLoaded } from "../../components/useLoaded";
import { formatDay, formatTime, formatWeekday } from "../../time";
import { addDays, instantOf, mondayOf, today, wallClock } from "../../zonedTime";
import { MeetingStatus } from "./MeetingTable";
import { NoMeetings } from "./NoMeetings";
import type { Meeting } from "./meetingTime";
import { sharedQuery, type MeetingsAddress } from "./useMeetingsAddress";

// A week rarely holds more than one page; the rest are fetched too, so no day is cut short.
async function meetingsBetween(query: Record<string, string | undefined>): Promise<Meeting[]> {
  const meetings: Meeting[] = [];
  let cursor: string | undefined;
  do {
    const data = unwrap(await api.GET("/api/v1/meetings", { params: { query: { ...query, limit: 500, cursor } } }));
    meetings.push(...data.items);
    cursor = data.next_cursor ?? undefined;
  } while (cursor);
  return meetings;
}

function useWeekMeetings(address: MeetingsAddress) {
  const query = {
    ...sharedQuery(address),
    from: instantOf({ day: address.week, time: "00:00" }),
    to: instantOf({ day: addDays(address.week, 7), time: "00:00" }),
  };
  // useLoaded compares its inputs by value, so a new but equal query asks nothing again.
  const loaded = useLoaded(() => meetingsBetween(query), [query]);
  return { meetings: loaded.data, error: loaded.error };
}

interface Props {
  address: MeetingsAddress;
  showWeek(monday: string): void;
}

export function WeekCalendar({ address, showWeek }: Props) {
  const { meetings, error } = useWeekMeetings(address);
  const monday = address.week;
  const sunday = addDays(monday, 6);
  const days = Array.from({ length: 7 }, (_, index) => addDays(monday, index));
  const thisWeek = mondayOf(today());
  return (
    <section aria-labelledby="week-heading" aria-busy={meetings === null}>
      <div className="week-nav">
        <h2 id="week-heading" aria-live="polite">
          Week of {formatDay(monday)} – {formatDay(sunday)}, {sunday.slice(0, 4)}
        </h2>
        <button type="button" onClick={() => showWeek(addDays(monday, -7))}>
          Previous week
        </button>
        <button type="button" onClick={() => showWeek(thisWeek)} disabled={monday === thisWeek}>
          This week
        </button>
        <button type="button" onClick={() => showWeek(addDays(monday, 7))}>
          Next week
        </button>
      </div>
      <ErrorMessage error={error} />
      {meetings === null && !error && <p className="loading">Loading the week…</p>}
      {meetings?.length === 0 && <NoMeetings />}
      {meetings && (
        <div className="week-days">
          {days.map((day) => (
            <Day key={day} day={day} meetings={meetings.filter((m) => wallClock(m.starts_at).day === day)} />
          ))}
        </div>
      )}
    </section>
  );
}

function Day({ day, meetings }: { day: string; meetings: Meeting[] }) {
  const isToday = day === today();
  return (
    <div className={isToday ? "week-day today" : "week-day"}>
      <h3>
        {formatWeekday(day)}
        {isToday && <span className="badge">Today</span>}
      </h3>
      {meetings.length === 0 ? (
        <p className="muted">No meetings</p>
      ) : (
        <ul className="day-meetings">
          {meetings.map((meeting) => (
            <li key={meeting.id}>
              <time dateTime={meeting.starts_at}>
                {formatTime(meeting.starts_at)} – {formatTime(meeting.ends_at)}
              </time>
              <Link to={`/meetings/${meeting.id}`}>{meeting.title}</Link>
              {meeting.location && <span className="muted">{meeting.location}</span>}
              <MeetingStatus meeting={meeting} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
