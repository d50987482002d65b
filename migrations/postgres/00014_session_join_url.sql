-- +goose Up
-- The join link of an online session (issue 14 §3): kept apart from the
-- location, which every member of staff sees in the list of sessions, so
-- that only people with a booking are shown where to join.
ALTER TABLE course_sessions ADD COLUMN join_url TEXT NOT NULL DEFAULT '' CHECK (length(join_url) <= 500);

-- +goose Down
ALTER TABLE course_sessions DROP COLUMN join_url;
