-- +goose Up
-- A candidate's postal address, for the board's decision letters in a
-- window envelope (DIN 5008 form B). One row per candidate file, written by
-- the exam office; no row means no address is known. Lengths are the
-- limits of exam.PostalAddress (a line of the address field holds about
-- 50 characters).
CREATE TABLE exam_candidate_addresses (
    candidate_id     BIGINT PRIMARY KEY REFERENCES exam_candidates(id) ON DELETE CASCADE,
    form_of_address  TEXT NOT NULL DEFAULT '' CHECK (form_of_address IN ('', 'Frau', 'Herr')),
    extra            TEXT NOT NULL DEFAULT '' CHECK (length(extra) <= 50),
    street           TEXT NOT NULL CHECK (length(street) BETWEEN 1 AND 50),
    postal_code      TEXT NOT NULL CHECK (length(postal_code) = 5),
    city             TEXT NOT NULL CHECK (length(city) BETWEEN 1 AND 40),
    updated_at       TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE exam_candidate_addresses;
