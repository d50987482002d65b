-- +goose Up
-- Training evidence for the ISMS (DESIGN.md §5, seeds/000): the contract
-- training-evidence/1, its pull API and its tokens.

-- One row per municipality that keeps evidence. Its row is the lock every
-- refresh of the municipality's records takes, so positions (head) are
-- handed out in commit order and a reader paging by position never skips a
-- record that was written concurrently.
CREATE TABLE evidence_tenants (
    municipality_id  BIGINT PRIMARY KEY REFERENCES municipalities(id) ON DELETE CASCADE,
    pseudonym_key    TEXT NOT NULL,
    show_names       BOOLEAN NOT NULL DEFAULT FALSE,
    head             BIGINT NOT NULL DEFAULT 0,
    refreshed_at     TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ NOT NULL
);

-- The municipality's training concept (CISIS12 step 2, ORP.3.A4).
CREATE TABLE training_programmes (
    municipality_id  BIGINT PRIMARY KEY REFERENCES municipalities(id) ON DELETE CASCADE,
    title            TEXT NOT NULL DEFAULT '',
    approved_by      TEXT NOT NULL DEFAULT '',
    approved_on      DATE,
    review_on        DATE,
    notes            TEXT NOT NULL DEFAULT '',
    updated_at       TIMESTAMPTZ NOT NULL
);

-- Who a topic is meant for in one municipality's concept; topics without a
-- row are for all staff.
CREATE TABLE training_audiences (
    municipality_id  BIGINT NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    topic_id         BIGINT NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    audience         TEXT NOT NULL CHECK (audience IN ('all', 'management', 'role', 'isb')),
    PRIMARY KEY (municipality_id, topic_id)
);

-- The records as last published. A record is never removed: a deletion
-- becomes a tombstone, so record ids are never reused. position is the
-- municipality's running number of the last change; group_id narrows a
-- refresh to one session (attendance) or one month (coverage).
CREATE TABLE evidence_records (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id  BIGINT NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    record_key       TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('programme', 'session', 'attendance', 'coverage')),
    group_id         BIGINT NOT NULL DEFAULT 0,
    position         BIGINT NOT NULL,
    revision         BIGINT NOT NULL,
    content_hash     TEXT NOT NULL,
    deleted          BOOLEAN NOT NULL DEFAULT FALSE,
    body             TEXT NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (municipality_id, record_key),
    UNIQUE (municipality_id, position)
);
CREATE INDEX evidence_records_group ON evidence_records (municipality_id, kind, group_id);

-- Read-only tokens of the ISMS importer, one municipality each. Only a hash
-- is kept: the token is shown once.
CREATE TABLE evidence_tokens (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id  BIGINT NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    token_hash       TEXT NOT NULL UNIQUE,
    created_by       BIGINT REFERENCES users(id),
    created_at       TIMESTAMPTZ NOT NULL,
    last_used_at     TIMESTAMPTZ,
    revoked_at       TIMESTAMPTZ
);
CREATE INDEX evidence_tokens_municipality ON evidence_tokens (municipality_id);

-- +goose Down
DROP TABLE evidence_tokens;
DROP TABLE evidence_records;
DROP TABLE training_audiences;
DROP TABLE training_programmes;
DROP TABLE evidence_tenants;
