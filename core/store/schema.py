"""Project file schema: forward-only migrations, numbered by PRAGMA user_version."""

from __future__ import annotations

# 'CRPS' — marks a SQLite file as a Corpusmith project, so that opening some other database
# gives a clear message instead of an odd failure later.
APPLICATION_ID = 0x43525053

# Each entry moves the schema from version i to i + 1. Never edit a released entry: append.
MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,              -- bilibili, document, chat, import, generated …
        name TEXT NOT NULL,
        origin TEXT NOT NULL DEFAULT '', -- URL or file path it came from
        settings TEXT NOT NULL DEFAULT '{}',
        created_at REAL NOT NULL
    );

    CREATE TABLE raw_items (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,              -- comment, document, message, chunk …
        key TEXT NOT NULL,               -- the item's id at its origin, for resume and dedup
        parent_key TEXT,
        data TEXT NOT NULL,              -- JSON
        created_at REAL NOT NULL,
        UNIQUE (source_id, kind, key)
    );

    CREATE TABLE samples (
        id INTEGER PRIMARY KEY,
        source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
        kind TEXT NOT NULL CHECK (kind IN ('sft', 'dialogue', 'pretrain')),
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'accepted', 'rejected')),
        reason TEXT NOT NULL DEFAULT '',
        system TEXT NOT NULL DEFAULT '',
        turns TEXT NOT NULL,             -- JSON list of {role, text, name?}
        meta TEXT NOT NULL DEFAULT '{}',
        preview TEXT NOT NULL DEFAULT '', -- first user line, for the table and text search
        answer TEXT NOT NULL DEFAULT '',  -- last assistant line, likewise
        n_turns INTEGER NOT NULL,
        n_chars INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE INDEX samples_status ON samples(status);
    CREATE INDEX samples_kind ON samples(kind);
    CREATE INDEX samples_source ON samples(source_id);
    CREATE INDEX samples_hash ON samples(content_hash);

    CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,              -- questions, answers, …
        name TEXT NOT NULL DEFAULT '',
        params TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'pending', -- pending, running, paused, done, cancelled
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );

    CREATE TABLE job_items (
        id INTEGER PRIMARY KEY,
        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        input TEXT NOT NULL,             -- JSON
        status TEXT NOT NULL DEFAULT 'pending', -- pending, done, failed
        output TEXT,                     -- JSON
        error TEXT NOT NULL DEFAULT '',
        attempts INTEGER NOT NULL DEFAULT 0,
        tokens_in INTEGER NOT NULL DEFAULT 0,
        tokens_out INTEGER NOT NULL DEFAULT 0,
        updated_at REAL NOT NULL,
        UNIQUE (job_id, key)
    );
    CREATE INDEX job_items_status ON job_items(job_id, status);

    CREATE TABLE llm_cache (
        key TEXT PRIMARY KEY,            -- hash of endpoint, model, messages, parameters
        response TEXT NOT NULL,
        tokens_in INTEGER NOT NULL DEFAULT 0,
        tokens_out INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL
    );
    """,
    # 2: what the user touched. A rebuild (comment dialogues, script and chat generators …) replaces
    # only samples nobody has edited, accepted or rejected by hand; touched_at says which were.
    # Older projects cannot tell an app's write from the user's, so the migration keeps the safe
    # side: a sample accepted or rejected, or changed more than 5 seconds after it was written
    # (no build writes that late; no person edits that fast), counts as touched.
    """
    ALTER TABLE samples ADD COLUMN touched_at REAL;
    UPDATE samples SET touched_at = updated_at
        WHERE status != 'pending' OR updated_at > created_at + 5;
    """,
    # 3: the user's review of a run's questions, between the questions and the answers stage
    # (core/flows/question_review.py). One row per question a questions job produced (after
    # deduplication) or the user added; the id is what the user names it by. The answers stage
    # answers the rows left: not deleted, with their current text.
    """
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: an id a user wrote down stays its own
        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,  -- the questions job
        key TEXT NOT NULL,               -- its answer item's key: chunk#index, or chunk#u<id> when added
        chunk TEXT NOT NULL,             -- the chunk key (QA) or the aspect (aspects) it is about
        asked TEXT NOT NULL DEFAULT '',  -- as the model wrote it (cleaned up); '' when the user added it
        text TEXT NOT NULL,              -- what the answers stage asks: the model's or the user's words
        deleted INTEGER NOT NULL DEFAULT 0,
        accepted INTEGER NOT NULL DEFAULT 0,
        updated_at REAL NOT NULL,
        UNIQUE (job_id, key)
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
