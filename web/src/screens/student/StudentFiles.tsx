// The student's files, newest first, each a download link (the download lands in the
// student's access log), and the upload form. An upload is a file_attached event, which may
// open or join the student's case: the sentence after it says which.
import { useState } from "react";
import { Link } from "react-router-dom";
import { api, unwrap, type StudentFile } from "../../api/client";
import { ListSection } from "../../components/ListSection";
import { StatusNotice } from "../../components/StatusNotice";
import { TableRegion } from "../../components/TableRegion";
import { usePagedList } from "../../components/usePagedList";
import { formatDateTime } from "../../time";
import { FileUpload } from "./FileUpload";
import { fileSizeLabel } from "../../components/fileSize";

const pageSize = 10;

interface Props {
  studentId: number;
  mayUpload: boolean;
  onUploaded(): void;
}

export function StudentFiles({ studentId, mayUpload, onUploaded }: Props) {
  const [uploaded, setUploaded] = useState<StudentFile | null>(null);
  const list = usePagedList(JSON.stringify([studentId]), async (cursor) =>
    unwrap(
      await api.GET("/api/v1/students/{id}/files", {
        params: { path: { id: studentId }, query: { limit: pageSize, cursor } },
      }),
    ),
  );
  const afterUpload = (file: StudentFile) => {
    setUploaded(file);
    list.reload();
    onUploaded();
  };
  return (
    <ListSection
      title="Files"
      list={list}
      tools={
        <>
          {mayUpload && <FileUpload studentId={studentId} onUploaded={afterUpload} />}
          <StatusNotice notice={uploaded && `Uploaded ${uploaded.name} (${fileSizeLabel(uploaded.size)}).`} />
          {uploaded?.case_id && (
            <p>
              It is on the student&apos;s <Link to={`/cases/${uploaded.case_id}`}>case</Link>.
            </p>
          )}
        </>
      }
      empty={mayUpload ? "No files yet. Upload one above." : "No files yet."}
      render={(files) => <FileTable files={files} />}
    />
  );
}

function FileTable({ files }: { files: StudentFile[] }) {
  return (
    <TableRegion label="The student's files">
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Type</th>
          <th scope="col" className="number">
            Size
          </th>
          <th scope="col">Uploaded</th>
        </tr>
      </thead>
      <tbody>
        {files.map((file) => (
          <tr key={file.id}>
            <th scope="row">
              <a href={`/api/v1/files/${file.id}`} download={file.name}>
                {file.name}
                <span className="visually-hidden"> (download)</span>
              </a>
            </th>
            <td>{file.content_type}</td>
            <td className="number">{fileSizeLabel(file.size)}</td>
            <td>
              {formatDateTime(file.uploaded_at)}
              {file.uploaded_by?.name && `, ${file.uploaded_by.name}`}
            </td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
