-- Tables added to Chapp's SQLite schema after version 1. Every statement is idempotent.
--
-- SchemaInstaller runs this file right after sqlite.sql when it creates a database, and on its own (in one
-- BEGIN IMMEDIATE transaction) when it finds a version-1 database made by an earlier Chapp that lacks any
-- of these tables. Add new tables here, never to sqlite.sql, so existing databases get them too.

-- ASP.NET Core Data Protection key ring (auth cookies, antiforgery tokens): one row per key or revocation
-- XML element. Kept in the database, not per machine, so every process and every restart shares the keys.
-- xml holds the key's secret unencrypted, as the default file store would: whoever reads this table can
-- forge cookies, so grant access to the database accordingly.
CREATE TABLE IF NOT EXISTS chapp_data_protection_keys
(
    friendly_name TEXT NOT NULL PRIMARY KEY,
    xml           TEXT NOT NULL
);

-- Message search: an FTS5 index over chapp_messages.body, external content (the text is stored once, in
-- chapp_messages; the index maps words to chapp_messages' rowid). columnsize=0: results are ordered by time, not
-- rank, so per-row token counts are not kept. Its shadow tables (chapp_messages_fts_data, _idx, _config) are ours too.
CREATE VIRTUAL TABLE IF NOT EXISTS chapp_messages_fts USING fts5(
    body,
    content = 'chapp_messages',
    content_rowid = 'rowid',
    columnsize = 0,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- New messages are indexed in arrears, not by an insert trigger: FTS5 writes a segment of its own at every commit
-- (and flushes at every statement savepoint), which made a one-message commit cost half again as much. The writer
-- indexes every message row past through_rowid in one statement, in the transaction of every 32nd message and before
-- every search (SqliteSearchCatchUp). Rows up to through_rowid are indexed; the triggers below keep those in step
-- with deletes and in-place changes, and leave later rows to the catch-up, which reads their state as it then is.
-- Only message rows (kind 0) that are not deleted are indexed: event rows carry a copy of the changed text.
CREATE TABLE IF NOT EXISTS chapp_search_progress
(
    through_rowid INTEGER NOT NULL
);

-- The triggers are dropped and made again so a database from before the catch-up (or before kind) gets these.
DROP TRIGGER IF EXISTS chapp_messages_fts_insert;
DROP TRIGGER IF EXISTS chapp_messages_fts_delete;
DROP TRIGGER IF EXISTS chapp_messages_fts_update;

-- Without an INTEGER PRIMARY KEY, the next insert takes the largest rowid left plus one, which after a delete may be
-- a rowid at or below the mark: the mark steps down to the largest rowid left, so that newcomer is indexed too.
CREATE TRIGGER chapp_messages_fts_delete AFTER DELETE ON chapp_messages
BEGIN
    INSERT INTO chapp_messages_fts (chapp_messages_fts, rowid, body)
        SELECT 'delete', old.rowid, old.body
        WHERE old.kind = 0 AND old.deleted = 0 AND old.rowid <= (SELECT through_rowid FROM chapp_search_progress);
    UPDATE chapp_search_progress SET through_rowid = (SELECT coalesce(max(rowid), 0) FROM chapp_messages)
        WHERE through_rowid > (SELECT coalesce(max(rowid), 0) FROM chapp_messages);
END;

-- An edit rewrites body, a delete sets deleted (and empties body): out with the old words, in with the new.
CREATE TRIGGER chapp_messages_fts_update AFTER UPDATE OF body, kind, deleted ON chapp_messages
WHEN old.rowid <= (SELECT through_rowid FROM chapp_search_progress)
BEGIN
    INSERT INTO chapp_messages_fts (chapp_messages_fts, rowid, body)
        SELECT 'delete', old.rowid, old.body WHERE old.kind = 0 AND old.deleted = 0;
    INSERT INTO chapp_messages_fts (rowid, body)
        SELECT new.rowid, new.body WHERE new.kind = 0 AND new.deleted = 0;
END;

-- Backfill: a database that already holds messages gets them indexed. This file runs again only when an
-- addition is missing or the schema was upgraded, so starting over from an empty index keeps it idempotent.
-- A VACUUM may renumber the rowids of chapp_messages (it has no INTEGER PRIMARY KEY): after one, run these again.
INSERT INTO chapp_messages_fts (chapp_messages_fts) VALUES ('delete-all');
INSERT INTO chapp_messages_fts (rowid, body) SELECT rowid, body FROM chapp_messages WHERE kind = 0 AND deleted = 0;
-- One statement over many rows leaves FTS5 segments half merged, and the writer's small catch-ups then pay for
-- finishing those merges: commits of 25-57 ms in a room of a million messages. Merged into one segment here instead
-- (about 2.5 s a million messages, once).
INSERT INTO chapp_messages_fts (chapp_messages_fts) VALUES ('optimize');
DELETE FROM chapp_search_progress;
INSERT INTO chapp_search_progress (through_rowid) SELECT coalesce(max(rowid), 0) FROM chapp_messages;
