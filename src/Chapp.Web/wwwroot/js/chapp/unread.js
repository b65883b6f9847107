// How many messages of a room are unread, counted as the server counts them (InboxEntry.Unread): messages only
// (edits, deletes and reactions take seqs but are not new), not deleted, not the reader's own, at most MAX_UNREAD.
// The server's count covers the log up to a seq (baseTo); messages after it are counted here as they arrive live,
// by seq, so a message heard both live and in a later snapshot counts once.

/** The server stops counting here; shown as "99+". */
export const MAX_UNREAD = 100;

/** The count as a badge shows it. */
export function countText(n) {
    return n >= MAX_UNREAD ? "99+" : String(n);
}

/** Fresh counts: `unread` messages after readSeq up to seq baseTo (the room's last message when counted). */
export function counts(unread, baseTo) {
    return { base: unread, baseTo, live: new Set(), gone: new Set() };
}

/** Takes the server's count from a snapshot of the room (an InboxEntry) unless what is held is newer. */
export function fromSnapshot(c, data) {
    if ((data.lastSeq || 0) < c.baseTo) {
        return;
    }
    c.base = data.unread || 0;
    c.baseTo = data.lastSeq || 0;
    c.gone.clear();
    for (const seq of c.live) {
        if (seq <= c.baseTo) {
            c.live.delete(seq);
        }
    }
}

/** Unread after readSeq. */
export function unreadOf(c, readSeq) {
    let n = readSeq >= c.baseTo ? 0 : c.base;
    for (const seq of c.live) {
        if (seq > readSeq) {
            n++;
        }
    }
    return Math.min(n, MAX_UNREAD);
}

/** New messages ({ seq, author }) heard live; the reader's own (me, lower case) do not count. */
export function addMessages(c, messages, me) {
    for (const m of messages || []) {
        if (m.seq > c.baseTo && !isMine(m, me)) {
            c.live.add(m.seq);
        }
    }
}

/** Messages ({ seq, author }) deleted live: an unread one no longer counts, as after a reload. */
export function removeMessages(c, deleted, readSeq, me) {
    for (const m of deleted || []) {
        if (isMine(m, me) || m.seq <= readSeq) {
            continue;
        }
        if (c.live.delete(m.seq)) {
            continue;
        }
        // Counted by the server (unless its count stopped at the cap): once per message, whatever repeats the delete.
        if (m.seq <= c.baseTo && !c.gone.has(m.seq) && c.base > 0 && c.base < MAX_UNREAD) {
            c.gone.add(m.seq);
            c.base--;
        }
    }
}

/** Forgets live messages up to readSeq (read now). */
export function readTo(c, readSeq) {
    for (const seq of c.live) {
        if (seq <= readSeq) {
            c.live.delete(seq);
        }
    }
}

function isMine(m, me) {
    return String(m.author || "").toLowerCase() === me;
}
