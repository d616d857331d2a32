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
  // 2: virtual coffee pairing
  `
  CREATE TABLE programmes (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL,
    name          TEXT,
    reference     TEXT NOT NULL,
    organisers    TEXT NOT NULL,
    settings      TEXT NOT NULL,
    round_seq     INTEGER NOT NULL DEFAULT 0,
    next_round_at INTEGER,
    created_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
  );
  CREATE INDEX programmes_due ON programmes (next_round_at);

  CREATE TABLE members (
    programme_id      TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    user_id           TEXT NOT NULL,
    aad_object_id     TEXT,
    name              TEXT NOT NULL,
    upn               TEXT,
    status            TEXT NOT NULL CHECK (status IN ('active', 'left')),
    paused_until      INTEGER,
    time_zone         TEXT,
    work_start_hour   INTEGER,
    work_end_hour     INTEGER,
    silent_rounds     INTEGER NOT NULL DEFAULT 0,
    last_captain_round INTEGER,
    last_trio_round   INTEGER,
    personal_conversation_id TEXT,
    joined_at         INTEGER NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (programme_id, user_id)
  );

  CREATE TABLE blocks (
    programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL,
    blocked_id   TEXT NOT NULL,
    PRIMARY KEY (programme_id, user_id, blocked_id)
  );

  CREATE TABLE rounds (
    id           TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('notifying', 'open', 'following-up', 'closed')),
    started_at   INTEGER NOT NULL,
    groups       TEXT NOT NULL,
    unmatched    TEXT NOT NULL,
    follow_up_at INTEGER NOT NULL,
    closed_at    INTEGER,
    UNIQUE (programme_id, seq)
  );
  CREATE INDEX rounds_follow_up ON rounds (status, follow_up_at);

  CREATE TABLE encounters (
    programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    round        INTEGER NOT NULL,
    a            TEXT NOT NULL,
    b            TEXT NOT NULL
  );
  CREATE INDEX encounters_by_programme ON encounters (programme_id, round);

  CREATE TABLE deliveries (
    round_id    TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    -- While 'sending': until when the instance sending it holds it (a crashed sender's lease runs out).
    claimed_until INTEGER,
    activity_id TEXT,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (round_id, user_id, kind)
  );
  CREATE INDEX deliveries_pending ON deliveries (status, round_id);

  CREATE TABLE meet_answers (
    round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL,
    answer   TEXT NOT NULL CHECK (answer IN ('yes', 'planned', 'no')),
    answered_at INTEGER NOT NULL,
    PRIMARY KEY (round_id, user_id)
  );
`,
  // 3: privacy and data lifecycle
  `
  ALTER TABLE installations ADD COLUMN removed_at INTEGER;
  CREATE INDEX installations_removed ON installations (removed_at);
  CREATE INDEX checkin_answers_user ON checkin_answers (user_id);
  CREATE INDEX checkin_answers_aad ON checkin_answers (aad_object_id);
  CREATE INDEX checkin_answers_time ON checkin_answers (answered_at);
  CREATE INDEX members_user ON members (user_id);
  CREATE INDEX encounters_a ON encounters (a);
  CREATE INDEX encounters_b ON encounters (b);

  -- Daily jobs (retention, removal of uninstalled data): claimed once across instances.
  CREATE TABLE jobs (
    name        TEXT PRIMARY KEY,
    next_run_at INTEGER NOT NULL
  );
`,
  // 4: team coffee breaks
  `
  CREATE TABLE breaks (
    id               TEXT PRIMARY KEY,
    programme_id     TEXT NOT NULL,
    title            TEXT NOT NULL,
    weekdays         TEXT NOT NULL,
    time             TEXT NOT NULL,
    time_zone        TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    join_url         TEXT,
    reminder_minutes INTEGER NOT NULL,
    skipped_dates    TEXT NOT NULL,
    channel_reference TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    deleted_at       INTEGER,
    version          INTEGER NOT NULL DEFAULT 1
  );
  CREATE INDEX breaks_by_programme ON breaks (programme_id);

  CREATE TABLE break_rsvps (
    break_id TEXT NOT NULL REFERENCES breaks (id) ON DELETE CASCADE,
    date     TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    name     TEXT NOT NULL,
    answer   TEXT NOT NULL CHECK (answer IN ('in', 'out')),
    at       INTEGER NOT NULL,
    PRIMARY KEY (break_id, date, user_id)
  );

  CREATE TABLE break_topics (
    id          TEXT PRIMARY KEY,
    break_id    TEXT NOT NULL REFERENCES breaks (id) ON DELETE CASCADE,
    date        TEXT NOT NULL,
    author_id   TEXT NOT NULL,
    author_name TEXT NOT NULL,
    text        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
  );
  CREATE INDEX break_topics_by_occurrence ON break_topics (break_id, date);

  CREATE TABLE topic_votes (
    topic_id TEXT NOT NULL REFERENCES break_topics (id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL,
    PRIMARY KEY (topic_id, user_id)
  );

  CREATE TABLE break_reminders (
    break_id   TEXT NOT NULL REFERENCES breaks (id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    posted_at  INTEGER NOT NULL,
    message_id TEXT,
    PRIMARY KEY (break_id, date)
  );
`,
  // 5: trust. Break answers, topics and upvotes keep the person's directory object id, so forget
  // me and export from the tab (which knows only that id) find them; indexes for both ids. A
  // check-in in a team's channel remembers its team, so the team's removal deletes it too.
  `
  ALTER TABLE break_rsvps ADD COLUMN aad_object_id TEXT;
  ALTER TABLE break_topics ADD COLUMN author_aad_object_id TEXT;
  ALTER TABLE topic_votes ADD COLUMN aad_object_id TEXT;
  CREATE INDEX break_rsvps_user ON break_rsvps (user_id);
  CREATE INDEX break_rsvps_aad ON break_rsvps (aad_object_id);
  CREATE INDEX break_topics_author ON break_topics (author_id);
  CREATE INDEX break_topics_author_aad ON break_topics (author_aad_object_id);
  CREATE INDEX topic_votes_user ON topic_votes (user_id);
  CREATE INDEX topic_votes_aad ON topic_votes (aad_object_id);
  CREATE INDEX members_aad ON members (aad_object_id);

  ALTER TABLE checkin_sessions ADD COLUMN team_id TEXT;
  CREATE INDEX checkin_sessions_team ON checkin_sessions (team_id);
  -- Earlier check-ins in a team's General channel: its chat id starts with the team id.
  UPDATE checkin_sessions SET team_id = (
    SELECT i.team_id FROM installations i
    WHERE i.team_id IS NOT NULL AND substr(checkin_sessions.conversation_id, 1, length(i.team_id) + 1) = i.team_id || ';'
  ) WHERE team_id IS NULL;
`,
  // 6: days together. Answers keep the person's directory object id, for forget me and export.
  `
  CREATE TABLE days_plans (
    id                TEXT PRIMARY KEY,
    programme_id      TEXT NOT NULL,
    dates             TEXT NOT NULL,
    place             TEXT NOT NULL,
    link              TEXT,
    time_zone         TEXT NOT NULL,
    organiser         TEXT NOT NULL,
    channel_reference TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    cancelled_at      INTEGER,
    card_message_id   TEXT,
    version           INTEGER NOT NULL DEFAULT 1
  );
  CREATE INDEX days_plans_by_programme ON days_plans (programme_id);
  CREATE INDEX days_plans_organiser ON days_plans (organiser);

  CREATE TABLE days_answers (
    plan_id       TEXT NOT NULL REFERENCES days_plans (id) ON DELETE CASCADE,
    date          TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    aad_object_id TEXT,
    name          TEXT NOT NULL,
    coming        INTEGER NOT NULL,
    at            INTEGER NOT NULL,
    PRIMARY KEY (plan_id, date, user_id)
  );
  CREATE INDEX days_answers_user ON days_answers (user_id);
  CREATE INDEX days_answers_aad ON days_answers (aad_object_id);

  -- Private: read only for the two people it names.
  CREATE TABLE days_talks (
    id                 TEXT PRIMARY KEY,
    plan_id            TEXT NOT NULL REFERENCES days_plans (id) ON DELETE CASCADE,
    from_user_id       TEXT NOT NULL,
    from_aad_object_id TEXT,
    from_name          TEXT NOT NULL,
    to_user_id         TEXT NOT NULL,
    to_aad_object_id   TEXT,
    to_name            TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('asked', 'accepted', 'declined')),
    at                 INTEGER NOT NULL
  );
  CREATE INDEX days_talks_by_plan ON days_talks (plan_id);
  CREATE INDEX days_talks_from ON days_talks (from_user_id);
  CREATE INDEX days_talks_to ON days_talks (to_user_id);

  CREATE TABLE days_met (
    plan_id       TEXT NOT NULL REFERENCES days_plans (id) ON DELETE CASCADE,
    user_id       TEXT NOT NULL,
    aad_object_id TEXT,
    met           INTEGER NOT NULL,
    at            INTEGER NOT NULL,
    PRIMARY KEY (plan_id, user_id)
  );
  CREATE INDEX days_met_user ON days_met (user_id);

  CREATE TABLE days_seatings (
    plan_id  TEXT PRIMARY KEY REFERENCES days_plans (id) ON DELETE CASCADE,
    drawn_at INTEGER NOT NULL,
    days     TEXT NOT NULL
  );
`,
  `
  -- A coffee member's language as last seen, for the 1:1 messages Hallway sends them.
  ALTER TABLE members ADD COLUMN locale TEXT;
`,
];
