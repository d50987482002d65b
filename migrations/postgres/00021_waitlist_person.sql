-- +goose Up
-- A person's open waiting-list entries in a round (issue 16). Every
-- booking asks for them — offers it must pass on first, and whether it
-- takes the person off a list — and without this index they read every
-- open entry of every session (waitlist_once leads with the session), as
-- many as there are people waiting anywhere.
CREATE INDEX waitlist_person ON waitlist_entries (user_id, round_id) WHERE left_at IS NULL;

-- +goose Down
DROP INDEX waitlist_person;
