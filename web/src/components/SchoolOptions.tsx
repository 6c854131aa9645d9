// The district's schools as the options of a <select>, valued by id.
import type { School } from "../api/client";

export function SchoolOptions({ schools }: { schools: School[] }) {
  return (
    <>
      {schools.map((school) => (
        <option key={school.id} value={String(school.id)}>
          {school.name}
        </option>
      ))}
    </>
  );
}
