-- +goose Up
-- Shared awareness sessions (DESIGN.md §4, seeds/003).

-- The personnel number a staff import may carry; the import matches rows by
-- e-mail address, the number is shown to coordinators.
ALTER TABLE users ADD COLUMN staff_number TEXT NOT NULL DEFAULT '';

-- A private, unguessable address for each person's calendar subscription.
CREATE TABLE calendar_feeds (
    user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token       TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE topics (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE,
    validity_months  INTEGER NOT NULL CHECK (validity_months BETWEEN 1 AND 120),
    remind_days      INTEGER NOT NULL CHECK (remind_days BETWEEN 0 AND 365),
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);

CREATE TABLE rounds (
    id                         INTEGER PRIMARY KEY,
    topic_id                   INTEGER NOT NULL REFERENCES topics(id),
    name                       TEXT NOT NULL,
    mode                       TEXT NOT NULL CHECK (mode IN ('booking', 'allocation')),
    status                     TEXT NOT NULL CHECK (status IN ('draft', 'collecting', 'open', 'closed')),
    municipality_share         TEXT NOT NULL DEFAULT '',
    department_share           TEXT NOT NULL DEFAULT '',
    cancellation_lead_minutes  INTEGER NOT NULL DEFAULT 0,
    offer_ttl_minutes          INTEGER NOT NULL DEFAULT 0,
    cost_cents                 INTEGER NOT NULL DEFAULT 0 CHECK (cost_cents >= 0),
    cost_basis                 TEXT NOT NULL DEFAULT 'population',
    created_by                 INTEGER NOT NULL REFERENCES municipalities(id),
    created_at                 TIMESTAMP NOT NULL,
    updated_at                 TIMESTAMP NOT NULL
);

CREATE TABLE round_municipalities (
    round_id         INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    municipality_id  INTEGER NOT NULL REFERENCES municipalities(id),
    PRIMARY KEY (round_id, municipality_id)
);
CREATE INDEX round_municipalities_municipality ON round_municipalities (municipality_id);

CREATE TABLE course_sessions (
    id                    INTEGER PRIMARY KEY,
    round_id              INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    starts_at             TIMESTAMP NOT NULL,
    ends_at               TIMESTAMP NOT NULL,
    days                  TEXT NOT NULL,
    capacity              INTEGER NOT NULL CHECK (capacity >= 1),
    online                BOOLEAN NOT NULL DEFAULT 0,
    host_municipality_id  INTEGER REFERENCES municipalities(id),
    location              TEXT NOT NULL DEFAULT '',
    trainer_id            INTEGER REFERENCES users(id),
    checkin_secret        TEXT NOT NULL,
    cancelled_at          TIMESTAMP,
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL
);
CREATE INDEX course_sessions_round ON course_sessions (round_id);
CREATE INDEX course_sessions_trainer ON course_sessions (trainer_id);

-- One active booking per person and round; the partial unique index is the
-- backstop behind the row lock the booking transaction takes.
CREATE TABLE bookings (
    id               INTEGER PRIMARY KEY,
    session_id       INTEGER NOT NULL REFERENCES course_sessions(id) ON DELETE CASCADE,
    round_id         INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL REFERENCES users(id),
    municipality_id  INTEGER NOT NULL REFERENCES municipalities(id),
    department_id    INTEGER NOT NULL REFERENCES departments(id),
    source           TEXT NOT NULL CHECK (source IN ('self', 'offer', 'allocation', 'coordinator')),
    sequence         INTEGER NOT NULL DEFAULT 0,
    booked_at        TIMESTAMP NOT NULL,
    cancelled_at     TIMESTAMP,
    reminded_at      TIMESTAMP
);
CREATE UNIQUE INDEX bookings_one_per_round ON bookings (round_id, user_id) WHERE cancelled_at IS NULL;
CREATE INDEX bookings_session ON bookings (session_id);
CREATE INDEX bookings_user ON bookings (user_id);

-- Waiting list; an entry with an open offer holds the freed seat until the
-- offer expires.
CREATE TABLE waitlist_entries (
    id                INTEGER PRIMARY KEY,
    session_id        INTEGER NOT NULL REFERENCES course_sessions(id) ON DELETE CASCADE,
    round_id          INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    user_id           INTEGER NOT NULL REFERENCES users(id),
    municipality_id   INTEGER NOT NULL REFERENCES municipalities(id),
    department_id     INTEGER NOT NULL REFERENCES departments(id),
    joined_at         TIMESTAMP NOT NULL,
    offered_at        TIMESTAMP,
    offer_expires_at  TIMESTAMP,
    left_at           TIMESTAMP,
    outcome           TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX waitlist_once ON waitlist_entries (session_id, user_id) WHERE left_at IS NULL;
CREATE INDEX waitlist_session ON waitlist_entries (session_id, joined_at);

CREATE TABLE attendance (
    id           INTEGER PRIMARY KEY,
    session_id   INTEGER NOT NULL REFERENCES course_sessions(id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    day          DATE NOT NULL,
    source       TEXT NOT NULL CHECK (source IN ('trainer_list', 'check_in', 'camera')),
    recorded_by  INTEGER REFERENCES users(id),
    recorded_at  TIMESTAMP NOT NULL,
    UNIQUE (session_id, user_id, day)
);

-- A completed training: written when the last day's attendance is recorded;
-- due dates and refresher reminders follow from it.
CREATE TABLE completions (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    topic_id      INTEGER NOT NULL REFERENCES topics(id),
    session_id    INTEGER NOT NULL REFERENCES course_sessions(id),
    completed_on  DATE NOT NULL,
    reminded_at   TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (user_id, session_id)
);
CREATE INDEX completions_topic ON completions (topic_id, user_id);

CREATE TABLE preferences (
    round_id    INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    rank        INTEGER NOT NULL CHECK (rank >= 1),
    session_id  INTEGER NOT NULL REFERENCES course_sessions(id) ON DELETE CASCADE,
    PRIMARY KEY (round_id, user_id, rank),
    UNIQUE (round_id, user_id, session_id)
);

CREATE TABLE unavailable_days (
    round_id  INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users(id),
    day       DATE NOT NULL,
    PRIMARY KEY (round_id, user_id, day)
);

-- The last allocation a coordinator ran, until it is published.
CREATE TABLE allocation_results (
    round_id    INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    session_id  INTEGER REFERENCES course_sessions(id) ON DELETE CASCADE,
    rank        INTEGER NOT NULL DEFAULT 0,
    reason      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (round_id, user_id)
);

-- The weekly overview of overdue staff goes out once per municipality and week.
CREATE TABLE overdue_digests (
    municipality_id  INTEGER NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    week             TEXT NOT NULL,
    sent_at          TIMESTAMP NOT NULL,
    PRIMARY KEY (municipality_id, week)
);

-- +goose Down
DROP TABLE overdue_digests;
DROP TABLE allocation_results;
DROP TABLE unavailable_days;
DROP TABLE preferences;
DROP TABLE completions;
DROP TABLE attendance;
DROP TABLE waitlist_entries;
DROP TABLE bookings;
DROP TABLE course_sessions;
DROP TABLE round_municipalities;
DROP TABLE rounds;
DROP TABLE topics;
DROP TABLE calendar_feeds;
ALTER TABLE users DROP COLUMN staff_number;
