// An intervention group: what it is, the plan template its members' plans are made from,
// the members with their group plans (each may be removed), and the picker that adds many
// students at once. After adding, a status message says what the API reports: the plans made
// and the cases each student's plan opened or joined.
import { useState } from "react";
import { Link, useLocation, useParams } from "react-router-dom";
import { api, unwrap, type InterventionGroup, type InterventionGroupMember, type StudentEntry } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { StatusNotice } from "../../components/StatusNotice";
import { usePageTitle } from "../../components/usePageTitle";
import { useLoaded } from "../../components/useLoaded";
import { useSchools } from "../../components/useSchools";
import { can } from "../../access";
import { formatCalendarDate, formatDate } from "../../time";
import { gradeLabel } from "../dashboard/labels";
import { DetailItem } from "./DetailItem";
import { MemberPicker, type Added } from "./MemberPicker";
import { RemoveMember } from "./RemoveMember";
import { formatScore } from "../../components/formatScore";
import { areaLabel } from "./labels";

interface Loaded {
  group: InterventionGroup;
  members: InterventionGroupMember[];
}

async function loadGroup(id: number): Promise<Loaded> {
  const path = { params: { path: { id } } };
  const [group, members] = await Promise.all([
    api.GET("/api/v1/intervention-groups/{id}", path).then(unwrap),
    api.GET("/api/v1/intervention-groups/{id}/members", path).then(unwrap),
  ]);
  return { group, members: members.items };
}

// "Added 3 students: 3 plans made, 3 in an open case." The API tells which case each plan
// opened or joined, not which of the two, so the sentence counts students now in a case.
function addedSentence(added: Added[]): string {
  const withCase = added.filter((item) => item.case_id).length;
  const students = `${added.length} ${added.length === 1 ? "student" : "students"}`;
  return `Added ${students}: ${added.length} ${added.length === 1 ? "plan" : "plans"} made, ${withCase} in an open case.`;
}

export function GroupScreen() {
  const id = Number(useParams().id);
  const arrivalNotice = (useLocation().state as { notice?: string } | null)?.notice;
  const { data: loaded, error, reload } = useLoaded(() => loadGroup(id), [id]);
  const [added, setAdded] = useState<{ items: Added[]; students: StudentEntry[] } | null>(null);
  const [removedNotice, setRemovedNotice] = useState<string | null>(null);
  usePageTitle(loaded ? `Group: ${loaded.group.name ?? ""}` : "Intervention group");

  if (error && !loaded) return <ErrorMessage error={error} />;
  if (!loaded) return <p className="loading">Loading the group…</p>;
  const { group, members } = loaded;
  // The group says whether this user may manage it (the server asks again); an archived group
  // takes no changes.
  const canChange = group.status === "active" && can(group, "group.manage");
  const memberIds = new Set(members.map((member) => member.student?.id ?? 0));
  const onAdded = (items: Added[], students: StudentEntry[]) => {
    setAdded({ items, students });
    setRemovedNotice(null);
    reload();
  };
  const onRemoved = (sentence: string) => {
    setAdded(null);
    setRemovedNotice(sentence);
    reload();
  };

  return (
    <article className="group">
      <p className="breadcrumb">
        <Link to="/groups">Intervention Groups</Link>
      </p>
      <h1>Group: {group.name}</h1>
      <StatusNotice notice={removedNotice ?? (added ? addedSentence(added.items) : arrivalNotice)} />
      {added && <AddedList added={added.items} students={added.students} />}
      <ErrorMessage error={error} />
      <GroupHeader group={group} />
      {canChange && (
        <p>
          <Link className="button" to={`/groups/${id}/edit`}>
            Edit group
          </Link>
        </p>
      )}
      <section className="panel" aria-labelledby="members-heading">
        <h2 id="members-heading">Members ({members.length})</h2>
        <MemberTable members={members} remove={canChange ? { groupId: id, onRemoved } : undefined} />
        {canChange && <MemberPicker groupId={id} schoolId={group.school_id} memberIds={memberIds} onAdded={onAdded} />}
      </section>
    </article>
  );
}

function GroupHeader({ group }: { group: InterventionGroup }) {
  const schoolName = useSchools().find((school) => school.id === group.school_id)?.name;
  const goal = group.goal;
  return (
    <dl className="case-header">
      <DetailItem term="Intervention">{group.intervention}</DetailItem>
      <DetailItem term="School">{schoolName ?? ""}</DetailItem>
      <DetailItem term="Area and tier">
        {areaLabel(group.area)}, tier {group.tier}
      </DetailItem>
      <DetailItem term="Facilitator">{group.facilitator?.name}</DetailItem>
      <DetailItem term="Schedule">{group.schedule || "Not set"}</DetailItem>
      <DetailItem term="Each member's plan">
        {group.skill || "No skill named"}
        {goal?.measure ? `; ${goal.measure}` : ""}
        {goal?.target != null ? ` to ${formatScore(goal.target)}` : ""}
        {goal?.target_date ? ` by ${formatCalendarDate(goal.target_date)}` : ""}
        {group.frequency ? `; ${group.frequency}` : ""}
        {group.minutes ? `, ${group.minutes} minutes` : ""}
      </DetailItem>
      <DetailItem term="Status">
        <span className={group.status === "active" ? "badge badge-open" : "badge"}>{group.status}</span>
      </DetailItem>
    </dl>
  );
}

interface MemberTableProps {
  members: InterventionGroupMember[];
  // Given to those who may change the group: each row then has a Remove button.
  remove?: { groupId: number; onRemoved(sentence: string): void };
}

function MemberTable({ members, remove }: MemberTableProps) {
  if (members.length === 0) {
    return <p className="empty">No students yet. Find them below, tick them, and add them together.</p>;
  }
  return (
    <div className="table-scroll" role="region" aria-label="Members list" tabIndex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">Student</th>
            <th scope="col">Grade</th>
            <th scope="col">Group plan</th>
            <th scope="col">Added</th>
            {remove && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.student?.id}>
              <th scope="row">
                <Link to={`/students/${member.student?.id}`}>{member.student?.name}</Link>
              </th>
              <td>{gradeLabel(member.student?.grade)}</td>
              <td>
                {member.plan_id ? (
                  <Link to={`/plans/${member.plan_id}`}>
                    Plan<span className="visually-hidden"> of {member.student?.name}</span>
                  </Link>
                ) : (
                  <span className="muted">None</span>
                )}
              </td>
              <td>{formatDate(member.added_at)}</td>
              {remove && (
                <td>
                  <RemoveMember groupId={remove.groupId} member={member} onRemoved={remove.onRemoved} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Each student just added, with the plan made and the case it is in.
function AddedList({ added, students }: { added: Added[]; students: StudentEntry[] }) {
  const nameOf = (id: number | undefined) => students.find((student) => student.id === id)?.name ?? `Student ${id}`;
  return (
    <ul className="plain-list added-list" aria-label="Students just added">
      {added.map((item) => (
        <li key={item.student_id}>
          {nameOf(item.student_id)}:{" "}
          <Link to={`/plans/${item.plan_id}`}>
            plan<span className="visually-hidden"> of {nameOf(item.student_id)}</span>
          </Link>
          {item.case_id ? (
            <>
              ,{" "}
              <Link to={`/cases/${item.case_id}`}>
                case<span className="visually-hidden"> of {nameOf(item.student_id)}</span>
              </Link>
            </>
          ) : (
            ", no case (the district does not open cases for plans)"
          )}
        </li>
      ))}
    </ul>
  );
}
