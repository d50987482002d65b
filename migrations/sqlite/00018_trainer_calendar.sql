-- +goose Up
-- Trainer invitations and calendar feed (issue 14 §3). A session's own
-- iCalendar SEQUENCE for the entry in its trainer's calendar: it rises with
-- every change the trainer is mailed about (time, place, trainer, the
-- cancellation), so their calendar program takes each mail as newer. The
-- bookings keep their own sequence; the trainer's entry has its own UID.
ALTER TABLE course_sessions ADD COLUMN trainer_sequence INTEGER NOT NULL DEFAULT 0 CHECK (trainer_sequence >= 0);

-- A trainer's private calendar feed address, apart from their staff feed
-- (calendar_feeds): it shows more (participant counts, join links), and it
-- can be revoked on its own. Only the token's SHA-256 is stored.
CREATE TABLE trainer_calendar_feeds (
    user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at  TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE trainer_calendar_feeds;
ALTER TABLE course_sessions DROP COLUMN trainer_sequence;
