// Tools > Student Meetings: the meetings the user may see, as a list or as a week calendar
// (the choice, the filters and the week are kept in the address).
import { Link } from "react-router-dom";
import { usePageTitle } from "../../components/usePageTitle";
import { MeetingList } from "./MeetingList";
import { WeekCalendar } from "./WeekCalendar";
import { useMeetingsAddress, type MeetingsAddress } from "./useMeetingsAddress";

export function MeetingsScreen() {
  usePageTitle("Student Meetings");
  const { address, change } = useMeetingsAddress();
  return (
    <div className="meetings">
      <div className="screen-heading">
        <h1>Student Meetings</h1>
        <Link className="button" to="/meetings/new">
          New meeting
        </Link>
      </div>
      <ViewSwitch view={address.view} choose={(view) => change({ view })} />
      <MeetingFilters address={address} change={change} />
      {address.view === "week" ? (
        <WeekCalendar address={address} showWeek={(week) => change({ week })} />
      ) : (
        <MeetingList address={address} />
      )}
    </div>
  );
}

// Two toggle buttons rather than tabs: each shows the same meetings another way.
function ViewSwitch({ view, choose }: { view: MeetingsAddress["view"]; choose(view: MeetingsAddress["view"]): void }) {
  return (
    <div className="view-switch" role="group" aria-label="Show meetings as">
      <button type="button" aria-pressed={view === "list"} onClick={() => choose("list")}>
        List
      </button>
      <button type="button" aria-pressed={view === "week"} onClick={() => choose("week")}>
        Week calendar
      </button>
    </div>
  );
}

interface FiltersProps {
  address: MeetingsAddress;
  change(changes: Partial<MeetingsAddress>): void;
}

function MeetingFilters({ address, change }: FiltersProps) {
  return (
    <form className="filters" aria-label="Filter meetings" onSubmit={(event) => event.preventDefault()}>
      {address.view === "list" && (
        <div className="field">
          <label htmlFor="meetings-when">When</label>
          <select
            id="meetings-when"
            value={address.when}
            onChange={(event) => change({ when: event.target.value as MeetingsAddress["when"] })}
          >
            <option value="upcoming">Upcoming</option>
            <option value="past">Past (earliest first)</option>
            <option value="all">Any time (earliest first)</option>
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="meetings-attending">Meetings</label>
        <select
          id="meetings-attending"
          value={address.attending}
          onChange={(event) => change({ attending: event.target.value as MeetingsAddress["attending"] })}
        >
          <option value="">All I may see</option>
          <option value="me">Those I attend</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="meetings-status">Status</label>
        <select
          id="meetings-status"
          value={address.status}
          onChange={(event) => change({ status: event.target.value as MeetingsAddress["status"] })}
        >
          <option value="">Scheduled or cancelled</option>
          <option value="scheduled">Scheduled</option>
          <option value="cancelled">Cancelled</option>
        </select>
      </div>
    </form>
  );
}
