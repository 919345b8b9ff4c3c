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
    # 4: provider batches (core/store/batches.py, core/llm/batch_session.py). A batch is written
    # before the provider creates it and gets the provider's id the moment it exists; its lines
    # (custom_id = the request's response-cache key) say which requests are out, so a closed app
    # finds every batch again and no request is sent twice while its batch is open.
    """
    CREATE TABLE batches (
        id INTEGER PRIMARY KEY,
        endpoint TEXT NOT NULL,            -- the base URL (normalized) the batch lives at
        model TEXT NOT NULL,
        batch_id TEXT NOT NULL DEFAULT '', -- the provider's id; '' while it is being created
        input_file_id TEXT NOT NULL DEFAULT '',
        job_id INTEGER,                    -- the job whose items it answers (a note: no foreign key)
        stage TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,              -- the provider's status (validating … completed), or submitting
        lines INTEGER NOT NULL DEFAULT 0,
        completed INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        output_file_id TEXT,
        error_file_id TEXT,
        collected INTEGER NOT NULL DEFAULT 0,  -- 1: over, and its answers are in the response cache
        cancel_asked INTEGER NOT NULL DEFAULT 0,
        tokens_in INTEGER NOT NULL DEFAULT 0,
        tokens_out INTEGER NOT NULL DEFAULT 0,
        price_in_per_m REAL NOT NULL DEFAULT 0,  -- the realtime prices when it was sent …
        price_out_per_m REAL NOT NULL DEFAULT 0,
        price_factor REAL NOT NULL DEFAULT 0.5,  -- … and the batch share of them
        cost REAL NOT NULL DEFAULT 0,
        error TEXT NOT NULL DEFAULT '',    -- why the provider failed the batch (stored message)
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE INDEX batches_open ON batches(endpoint, collected);

    CREATE TABLE batch_lines (
        batch INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
        custom_id TEXT NOT NULL,           -- the request's response-cache key
        status TEXT NOT NULL DEFAULT 'sent',  -- sent, done, error, lost (never run)
        counts INTEGER NOT NULL DEFAULT 1, -- 1: an attempt that brought no answer (0: cancelled, forgiven)
        retry INTEGER NOT NULL DEFAULT 1,  -- 0: the provider refused it for good (a bad request)
        error TEXT NOT NULL DEFAULT '',    -- why it brought no answer (stored message)
        PRIMARY KEY (batch, custom_id)
    );
    CREATE INDEX batch_lines_custom ON batch_lines(custom_id);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
