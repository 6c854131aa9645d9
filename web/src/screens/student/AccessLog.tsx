// Who saw, exported or downloaded the student's record, newest first (the FERPA record of
// access). The API lets only administrators of the student's school read it.
import { api, unwrap, type Schemas } from "../../api/client";
import { ListSection } from "../../components/ListSection";
import { usePagedList } from "../../components/usePagedList";
import { formatDateTime } from "../../time";
import { ScrollTable } from "../../components/ScrollTable";

type Entry = NonNullable<Schemas["AccessLogPage"]["items"]>[number];

const pageSize = 20;

const actionLabels: Record<string, string> = { view: "Viewed", export: "Exported", download: "Downloaded" };

export function AccessLog({ studentId }: { studentId: number }) {
  const list = usePagedList(JSON.stringify([studentId]), async (cursor) =>
    unwrap(
      await api.GET("/api/v1/students/{id}/access-log", {
        params: { path: { id: studentId }, query: { limit: pageSize, cursor } },
      }),
    ),
  );
  return (
    <ListSection
      title="Access log"
      list={list}
      empty="No one has opened this record yet."
      render={(entries) => <AccessTable entries={entries} />}
    />
  );
}

function AccessTable({ entries }: { entries: Entry[] }) {
  return (
    <ScrollTable label="Access to this record" columns={["When", "Who", "What", "Detail", "From address"]}>
      {entries.map((entry) => (
        <tr key={entry.id}>
          <td>
            <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
          </td>
          <th scope="row">{entry.user?.name}</th>
          <td>{actionLabels[entry.action ?? ""] ?? entry.action}</td>
          <td>{entry.detail}</td>
          <td>{entry.client_address}</td>
        </tr>
      ))}
    </ScrollTable>
  );
}
