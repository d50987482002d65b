-- +goose Up
-- A person's open waiting-list entries in a round (issue 16). Every
-- booking asks for them — offers it must pass on first, and whether it
-- takes the person off a list — and without this index they read every
-- open entry of every session (waitlist_once leads with the session), as
-- many as there are people waiting anywhere.
CREATE INDEX waitlist_person ON waitlist_entries (user_id, round_id) WHERE left_at IS NULL;

-- The seats a session's bookings take, by municipality and department,
-- counted by every booking under the session's lock. bookings_session
-- also lists cancelled bookings, and with the statistics of a young table
-- PostgreSQL combined it with bookings_one_per_round, reading every active
-- booking of the whole database for each count (6,000 index entries for
-- 20 seats in the load test). This index answers the count alone.
CREATE INDEX bookings_session_taken ON bookings (session_id, municipality_id, department_id) WHERE cancelled_at IS NULL;

-- +goose Down
DROP INDEX bookings_session_taken;
DROP INDEX waitlist_person;
