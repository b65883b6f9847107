-- Chapp schema for SQLite, version 1 (embedded mode: grain storage only; clustering is localhost there).
--
-- SchemaInstaller runs this whole file inside ONE transaction (BEGIN IMMEDIATE) on an empty database,
-- after turning on WAL, which cannot be changed inside a transaction. The file has no BEGIN/COMMIT of its
-- own, so the installer owns the transaction; by hand, wrap it: PRAGMA journal_mode=WAL; BEGIN; .read; COMMIT.
--
-- Used through Orleans' ADO.NET grain storage with Invariant "System.Data.SQLite", which Orleans 10.4.2
-- maps to Microsoft.Data.Sqlite. The provider reads its SQL from OrleansQuery by key, so only the table
-- OrleansQuery(QueryKey, QueryText) and the key names are fixed; the state table is ours.

-- Named queries the Orleans providers load at start-up.
CREATE TABLE OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- One row per grain state. The provider identifies a grain by (service, state/grain type, key) where the
-- key is two 64-bit halves plus an optional string (string keys and key extensions). A missing string is
-- stored as '' so that the primary key can serve as the conflict target of the upsert: Orleans' own key
-- extensions are never empty, so '' cannot clash with a real one.
-- The provider also sends hashes of the grain id and type; the primary key makes them unnecessary.
-- version is the grain's ETag: a 32-bit integer bumped on every write or clear (the provider parses it
-- as Int32). payload is NULL after a clear that keeps the row (DeleteStateOnClear = false).
CREATE TABLE orleans_grain_state
(
    service_id   TEXT    NOT NULL,
    grain_type   TEXT    NOT NULL,
    grain_id_n0  INTEGER NOT NULL,
    grain_id_n1  INTEGER NOT NULL,
    grain_id_ext TEXT    NOT NULL,
    payload      BLOB,
    version      INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext)
);

-- Parameters (names fixed by the provider): @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
-- @GrainIdExtensionString (NULL when absent), @GrainStateVersion (NULL when the grain has no ETag),
-- @PayloadBinary; @GrainIdHash and @GrainTypeHash are sent too and ignored.
-- Result columns: read -> PayloadBinary, Version (no row = never written); write -> NewGrainStateVersion;
-- clear/delete -> first column. No row (or NULL) from a write, clear or delete means "stale ETag" and the
-- provider throws InconsistentStateException.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
SELECT payload AS PayloadBinary, version AS Version
FROM orleans_grain_state
WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = ifnull(@GrainIdExtensionString, '''');'),

-- One statement, so the check and the write are atomic: a first write (no ETag) inserts version 1;
-- a write with an ETag bumps the row only while its version still equals that ETag. Every other case
-- (row already there without ETag, row gone or moved on with ETag) writes nothing and returns no row.
-- The SELECT yields a row only when an insert is allowed or a row exists to be updated; the WHERE on it
-- is also what lets SQLite parse ON CONFLICT after INSERT ... SELECT.
('WriteToStorageKey', '
INSERT INTO orleans_grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, ifnull(@GrainIdExtensionString, ''''), @PayloadBinary, 1
WHERE @GrainStateVersion IS NULL
   OR EXISTS (SELECT 1 FROM orleans_grain_state
              WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
                AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
                AND grain_id_ext = ifnull(@GrainIdExtensionString, ''''))
ON CONFLICT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext) DO UPDATE
   SET payload = excluded.payload, version = orleans_grain_state.version + 1
 WHERE orleans_grain_state.version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;'),

-- Keeps the row with a NULL payload and a new version, so a later first write is still told apart.
('ClearStorageKey', '
UPDATE orleans_grain_state
   SET payload = NULL, version = version + 1
 WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
   AND grain_id_ext = ifnull(@GrainIdExtensionString, '''')
   AND version = @GrainStateVersion
RETURNING version;'),

-- Only used with DeleteStateOnClear = true. The returned value must differ from the old ETag.
('DeleteStorageKey', '
DELETE FROM orleans_grain_state
 WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
   AND grain_id_ext = ifnull(@GrainIdExtensionString, '''')
   AND version = @GrainStateVersion
RETURNING version + 1;');

-- Chat message log: append-only, one row per message, numbered per room. Written by our own code,
-- not by Orleans, so that a send costs the same however long the room's history is.
-- sent_at is Unix time in milliseconds (SQLite has no timestamp type). The unique key on the client's
-- own message id makes a resent message a no-op instead of a duplicate.
CREATE TABLE chapp_messages
(
    room_id           TEXT    NOT NULL,
    seq               INTEGER NOT NULL,
    message_id        TEXT    NOT NULL,
    author            TEXT    NOT NULL,
    author_name       TEXT    NOT NULL,
    body              TEXT    NOT NULL,
    sent_at           INTEGER NOT NULL,
    client_message_id TEXT    NOT NULL,
    PRIMARY KEY (room_id, seq),
    UNIQUE (room_id, author, client_message_id)
);

-- Written last: its presence says the database is ours and complete.
CREATE TABLE chapp_schema
(
    version INTEGER NOT NULL
);
INSERT INTO chapp_schema (version) VALUES (1);
