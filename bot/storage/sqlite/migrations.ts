/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
 * Never edit a released migration: append a new one.
 */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE installations (
    conversation_id   TEXT PRIMARY KEY,
    tenant_id         TEXT NOT NULL,
    conversation_type TEXT NOT NULL,
    team_id           TEXT,
    team_name         TEXT,
    reference         TEXT NOT NULL,
    installed_by      TEXT,
    installed_at      INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
  );

  CREATE TABLE checkin_sessions (
    id                 TEXT PRIMARY KEY,
    occurrence_key     TEXT NOT NULL UNIQUE,
    series_key         TEXT NOT NULL,
    meeting_id         TEXT,
    title              TEXT,
    tenant_id          TEXT NOT NULL,
    conversation_id    TEXT NOT NULL,
    reference          TEXT NOT NULL,
    question_id        TEXT NOT NULL,
    question           TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    message_id         TEXT,
    default_visibility TEXT NOT NULL,
    summary_at_end     INTEGER NOT NULL,
    started_at         INTEGER NOT NULL,
    closed_at          INTEGER,
    version            INTEGER NOT NULL DEFAULT 1
  );
  -- At most one open check-in per chat, whichever instance tries to open a second.
  CREATE UNIQUE INDEX checkin_sessions_one_open ON checkin_sessions (conversation_id) WHERE status = 'open';
  CREATE INDEX checkin_sessions_series ON checkin_sessions (series_key, started_at);

  CREATE TABLE checkin_answers (
    session_id    TEXT NOT NULL REFERENCES checkin_sessions (id) ON DELETE CASCADE,
    user_id       TEXT NOT NULL,
    aad_object_id TEXT,
    name          TEXT NOT NULL,
    upn           TEXT,
    mood          TEXT,
    note          TEXT,
    visibility    TEXT NOT NULL,
    skipped       INTEGER NOT NULL,
    answered_at   INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (session_id, user_id)
  );
  CREATE INDEX checkin_answers_newest ON checkin_answers (session_id, answered_at DESC);

  CREATE TABLE meeting_settings (
    meeting_id TEXT PRIMARY KEY,
    settings   TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
];
