// Everything the roster says about the student (GET /students/{id}): names, ids, school,
// grade, birth date, sex, e-mail, status and the roster's demographics.
import type { School, Student } from "../../api/client";
import { Fact } from "../../components/Fact";
import { formatCalendarDate } from "../../time";
import { gradeLabel } from "../dashboard/labels";
import { rosterFieldLabel, rosterValueLabel } from "./labels";

const notGiven = <span className="muted">Not given</span>;

export function Demographics({ student, school }: { student: Student; school: School | undefined }) {
  const demographics = Object.entries((student.demographics ?? {}) as Record<string, unknown>);
  return (
    <section className="panel" aria-labelledby="demographics-heading">
      <h2 id="demographics-heading">Demographics</h2>
      <dl className="facts">
        <Fact label="Given name">{student.given_name}</Fact>
        <Fact label="Middle name">{student.middle_name || notGiven}</Fact>
        <Fact label="Family name">{student.family_name}</Fact>
        <Fact label="Preferred name">{student.preferred_name || notGiven}</Fact>
        <Fact label="Local id">{student.local_id || notGiven}</Fact>
        <Fact label="SIS id (sourcedId)">{student.sourced_id || notGiven}</Fact>
        <Fact label="School">{school?.name ?? `School ${student.school_id}`}</Fact>
        <Fact label="Grade">{gradeLabel(student.grade)}</Fact>
        <Fact label="Birth date">{formatCalendarDate(student.birth_date) || notGiven}</Fact>
        <Fact label="Sex">{student.sex ? rosterFieldLabel(student.sex) : notGiven}</Fact>
        <Fact label="E-mail">{student.email || notGiven}</Fact>
        <Fact label="Enrolment">{student.active === false ? "Inactive" : "Active"}</Fact>
        {demographics.map(([name, value]) => (
          <Fact key={name} label={rosterFieldLabel(name)}>
            {rosterValueLabel(value)}
          </Fact>
        ))}
      </dl>
    </section>
  );
}
