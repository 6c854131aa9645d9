-- The morning e-mail for notifications a person chose to have "in the daily digest": each is
-- shown in the app at once and waits (awaiting_digest = 1) for the next morning run, which
-- mails every one still unread in one message and clears the mark.
ALTER TABLE notifications ADD COLUMN awaiting_digest INTEGER NOT NULL DEFAULT 0;
CREATE INDEX notifications_awaiting_digest ON notifications (user_id) WHERE awaiting_digest = 1;
-- One digest e-mail a person a district day, claimed by the run that writes it, so servers
-- sharing a database, or a run repeated, send it once.
CREATE TABLE digest_mails (
  user_id BIGINT NOT NULL REFERENCES users (id),
  day TEXT NOT NULL,  -- YYYY-MM-DD in the district's time zone
  sent_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, day)
);
