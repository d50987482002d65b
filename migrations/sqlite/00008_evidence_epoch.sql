-- +goose Up
-- The epoch of the evidence feed (issue 12 §6): a random value inside every
-- cursor the feed issues. It is renewed when the database is restored from a
-- backup (`wachsam backup restore`) or the feed is rebuilt, so a cursor
-- issued before that is refused with "re-sync from the start" instead of
-- being answered with an empty or a wrong page. One row for the database.
CREATE TABLE evidence_epoch (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    epoch       TEXT NOT NULL,
    renewed_at  TIMESTAMP NOT NULL
);
INSERT INTO evidence_epoch (id, epoch, renewed_at)
VALUES (1, lower(hex(randomblob(8))), strftime('%Y-%m-%d %H:%M:%f', 'now'));

-- +goose Down
DROP TABLE evidence_epoch;
