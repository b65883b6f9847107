-- Schema version 2: the room log becomes a log of events. Run on a version-1 database (new ones are made as
-- version 1 and upgraded at once), in the installer's one transaction under its advisory lock. Adding a column
-- with a constant default rewrites no rows (PostgreSQL 11+), so upgrading millions of messages is instant.
--
-- kind: 0 message, 1 edit, 2 delete, 3 reaction (Chapp.Grains.RoomEventKind). An event row names its message in
-- target_seq and carries the message's whole state after it. A message row is kept in its current state:
-- body, edited_at (NULL = never), deleted, reactions (JSON, NULL = none) and changed_seq (seq of the last event
-- applied, NULL = never changed) are rewritten in place by each event, in the event's statement.
ALTER TABLE chapp_messages
    ADD COLUMN kind        integer     NOT NULL DEFAULT 0,
    ADD COLUMN target_seq  bigint,
    ADD COLUMN edited_at   timestamptz,
    ADD COLUMN deleted     boolean     NOT NULL DEFAULT false,
    ADD COLUMN reactions   text,
    ADD COLUMN changed_seq bigint;

UPDATE chapp_schema SET version = 2;
