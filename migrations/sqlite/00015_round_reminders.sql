-- +goose Up
-- A coordinator's reminder about a round (issue 14 §2): who was reminded
-- to enter preferences or to book, on which day (legal time). The primary
-- key admits one reminder per person, round and day, so a form sent twice
-- or two coordinators at once queue one mail. mailed_at is set when the
-- mail is queued: a delivery job run twice mails once.
CREATE TABLE round_reminders (
    round_id    INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    day         DATE NOT NULL,
    grp         TEXT NOT NULL CHECK (grp IN ('no_preferences', 'not_booked')),
    created_by  INTEGER REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL,
    mailed_at   TIMESTAMP,
    PRIMARY KEY (round_id, user_id, day)
);

-- +goose Down
DROP TABLE round_reminders;
