-- Notifications: staff hear of their part (a task assigned to them, a meeting they are invited
-- to, a case they now manage) in the app. Written in the same transaction as the action that
-- causes it, so a rolled-back action notifies nobody; never to the person who did the action.
-- A notification names the kind of thing, its title and a link into Trellis, where the access
-- rule applies; it holds no student's name and no record content.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),  -- who is told
  kind TEXT NOT NULL,       -- task_assigned, case_assigned, meeting_invited, meeting_rescheduled, meeting_cancelled
  title TEXT NOT NULL,      -- the thing's own title
  link TEXT NOT NULL,       -- a path in Trellis: /tasks/12
  entity TEXT NOT NULL,     -- task, case, meeting
  entity_id INTEGER,
  student_id INTEGER REFERENCES students (id),  -- whose record it concerns, when one student's
  actor_id INTEGER REFERENCES users (id),       -- who did it
  created_at INTEGER NOT NULL,
  read_at INTEGER
);
-- A person's notifications, newest first (keyset paging by id), and the bell's unread count.
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
