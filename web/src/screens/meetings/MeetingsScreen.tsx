// Tools > Student Meetings: the meetings the user may see, as a list or as a week calendar
// (the choice, the filters and the week are kept in the address).
import { Link } from "react-router-dom";
import { SelectFilter } from "../../components/SelectFilter";
import { usePageTitle } from "../../components/usePageTitle";
import { MeetingList } from "./MeetingList";
import { WeekCalendar } from "./WeekCalendar";
import { useMeetingsAddress, type MeetingsAddress } from "./useMeetingsAddress";
import { ScreenHeading } from "../../components/ScreenHeading";

export function MeetingsScreen() {
  usePageTitle("Student Meetings");
  const { address, change } = useMeetingsAddress();
  return (
    <div className="meetings">
      <ScreenHeading title="Student Meetings">
        <Link className="button" to="/meetings/new">
          New meeting
        </Link>
      </ScreenHeading>
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

const whenChoices = [
  ["upcoming", "Upcoming"],
  ["past", "Past (earliest first)"],
  ["all", "Any time (earliest first)"],
] as const;
const attendingChoices = [
  ["", "All I may see"],
  ["me", "Those I attend"],
] as const;
const statusChoices = [
  ["", "Scheduled or cancelled"],
  ["scheduled", "Scheduled"],
  ["cancelled", "Cancelled"],
] as const;

function MeetingFilters({ address, change }: FiltersProps) {
  return (
    <form className="filters" aria-label="Filter meetings" onSubmit={(event) => event.preventDefault()}>
      {address.view === "list" && (
        <SelectFilter label="When" value={address.when} choices={whenChoices} onChange={(when) => change({ when })} />
      )}
      <SelectFilter
        label="Meetings"
        value={address.attending}
        choices={attendingChoices}
        onChange={(attending) => change({ attending })}
      />
      <SelectFilter
        label="Status"
        value={address.status}
        choices={statusChoices}
        onChange={(status) => change({ status })}
      />
    </form>
  );
}
