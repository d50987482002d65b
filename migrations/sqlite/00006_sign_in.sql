-- +goose Up
-- Sign-in hardening (issue 13 §1): a lock of the second sign-in step once
-- too many wrong TOTP or recovery codes were entered for an account. One row
-- per account; the conditional upsert that sets it tells exactly one
-- request that it started the lock, so the owner is mailed once.
CREATE TABLE second_factor_locks (
    user_id       INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    locked_until  TIMESTAMP NOT NULL
);

-- Calendar feed tokens are stored as their SHA-256, like session and
-- evidence tokens (issue 13 §2): a leaked database no longer hands out
-- every person's private calendar. The table is rebuilt (SQLite cannot drop
-- NOT NULL in place) with the old plaintext moved to legacy_token; the
-- store hashes those at start-up (store.Migrate, in Go, the same on both
-- databases, since SQLite has no SHA-256 in SQL) and clears them, so the
-- addresses people subscribed to keep working and no plaintext is left.
CREATE TABLE calendar_feeds_hashed (
    user_id       INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash    TEXT UNIQUE,
    legacy_token  TEXT UNIQUE,
    created_at    TIMESTAMP NOT NULL,
    CHECK ((token_hash IS NULL) <> (legacy_token IS NULL))
);
INSERT INTO calendar_feeds_hashed (user_id, legacy_token, created_at)
    SELECT user_id, token, created_at FROM calendar_feeds;
DROP TABLE calendar_feeds;
ALTER TABLE calendar_feeds_hashed RENAME TO calendar_feeds;

-- "Passwort vergessen" (issue 13 §1): a single-use, short-lived link by
-- mail. Only the SHA-256 of its token is stored.
CREATE TABLE password_resets (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- +goose Down
DROP TABLE password_resets;
-- Hashed tokens cannot be turned back into addresses: those feeds are
-- dropped and their owners create new addresses.
CREATE TABLE calendar_feeds_plain (
    user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token       TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMP NOT NULL
);
INSERT INTO calendar_feeds_plain (user_id, token, created_at)
    SELECT user_id, legacy_token, created_at FROM calendar_feeds WHERE legacy_token IS NOT NULL;
DROP TABLE calendar_feeds;
ALTER TABLE calendar_feeds_plain RENAME TO calendar_feeds;
DROP TABLE second_factor_locks;
