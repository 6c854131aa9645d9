-- The daily digest of a person's tasks due tomorrow and overdue: one a person a day (the
-- district's date). The row is written with the digest, so servers sharing a database, or a
-- run repeated, send it once.
CREATE TABLE daily_digests (
  user_id INTEGER NOT NULL REFERENCES users (id),
  day TEXT NOT NULL,  -- YYYY-MM-DD in the district's time zone
  sent_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, day)
);
