// The sidebar's live state: the reader's rooms with unread and mention counts, ordered by last activity. It starts
// from what the server rendered, then OpenInbox gives the rooms as of a per-user seq; "user" frames (joined, left,
// read, mention, room) and "activity" frames keep it current, and after a reconnect GetUserEvents resumes from
// that seq (a reset means: open again). Unread counting: unread.js; read positions to the server: read-sender.js;
// the markup: sidebar-view.js.
import { roomItem, showList, showTopic } from "./sidebar-view.js";
import { counts, fromSnapshot, unreadOf, addMessages, removeMessages, readTo } from "./unread.js";
import { ReadSender } from "./read-sender.js";

export class Inbox {
    constructor(nav, connection, me, events) {
        this.nav = nav;
        this.list = nav ? nav.querySelector("#room-nav") : null;
        this.connection = connection;
        this.me = me;
        this.events = events; // { mention(entry, message), changed(totalUnread) }
        // roomId -> { roomId, name, kind, topic, lastSeq, lastAt, readSeq, mentions, label, counts, li }
        this.entries = new Map();
        this.seq = null; // the per-user seq the entries are at; null until OpenInbox answered
        this.current = null;
        this.sender = new ReadSender(connection);
        this.catchingUp = null;
        this.readFromPage();

        connection.on("user", event => this.onUserEvent(event));
        connection.on("activity", activity => activity && this.activity(activity));
        connection.onConnected(() => this.sync());
    }

    // ----- state -----

    readFromPage() {
        if (!this.list) {
            return;
        }
        for (const li of this.list.querySelectorAll("li[data-room-id]")) {
            const d = li.dataset;
            const lastSeq = Number(d.lastSeq || 0);
            this.entries.set(d.roomId, {
                roomId: d.roomId, name: d.name || "", kind: d.kind || "Public", topic: li.querySelector("a").title || null,
                lastSeq, lastAt: d.lastAt || null, readSeq: Number(d.readSeq || 0),
                mentions: Number(d.mentions || 0), label: li.querySelector(".room-name").textContent,
                counts: counts(Number(d.unread || 0), lastSeq), li,
            });
            if (li.querySelector("a[aria-current]")) {
                this.current = d.roomId;
            }
        }
        this.changed();
    }

    /** The stored read position of a room, or null when not known. */
    readSeq(roomId) {
        const entry = this.entries.get(roomId);
        return entry && this.seq !== null ? entry.readSeq : null;
    }

    label(roomId) {
        const entry = this.entries.get(roomId);
        return entry ? entry.label : null;
    }

    unread(entry) {
        return unreadOf(entry.counts, entry.readSeq);
    }

    totalUnread() {
        let total = 0;
        for (const entry of this.entries.values()) {
            total += this.unread(entry);
        }
        return total;
    }

    upsert(data) {
        if (!data || !data.roomId) {
            return null;
        }
        let entry = this.entries.get(data.roomId);
        if (!entry) {
            entry = { roomId: data.roomId, lastSeq: 0, lastAt: null, readSeq: 0, counts: counts(0, 0), li: null };
            this.entries.set(data.roomId, entry);
        }
        entry.name = data.name;
        entry.kind = data.kind;
        entry.topic = data.topic ?? null;
        // Activity may have arrived after the snapshot was taken: positions only move forward.
        if (data.lastSeq >= entry.lastSeq) {
            entry.lastSeq = data.lastSeq;
            entry.lastAt = data.lastAt ?? entry.lastAt;
        }
        entry.readSeq = Math.max(entry.readSeq, data.readSeq || 0);
        fromSnapshot(entry.counts, data);
        entry.mentions = data.mentions || 0;
        entry.label = data.label || data.name; // the server's label; the name only from an older server
        if (!entry.li) {
            entry.li = roomItem(entry, entry.label);
        } else {
            entry.li.querySelector(".room-name").textContent = entry.label;
        }
        showTopic(entry.li, entry.topic);
        return entry;
    }

    remove(roomId) {
        const entry = this.entries.get(roomId);
        if (entry) {
            entry.li?.remove();
            this.entries.delete(roomId);
        }
    }

    // ----- server frames -----

    async sync() {
        try {
            if (this.seq === null) {
                await this.open();
            } else {
                await this.catchUp();
            }
        } catch (error) {
            // The next reconnect tries again; until then the sidebar shows what it has.
            console.warn("Could not load the room list", error);
        }
    }

    async open() {
        const inbox = await this.connection.invoke("OpenInbox");
        const seen = new Set();
        for (const data of inbox.rooms || []) {
            this.upsert(data);
            seen.add(data.roomId);
        }
        for (const roomId of [...this.entries.keys()]) {
            if (!seen.has(roomId)) {
                this.remove(roomId);
            }
        }
        this.seq = inbox.seq;
        this.nav?.querySelector("#room-nav-not-listed")?.setAttribute("hidden", ""); // every room is listed now
        this.changed();
    }

    // Everything after this.seq, once (concurrent callers share one call).
    catchUp() {
        if (!this.catchingUp) {
            this.catchingUp = (async () => {
                try {
                    const result = await this.connection.invoke("GetUserEvents", this.seq);
                    if (result.reset) {
                        await this.open();
                        return;
                    }
                    for (const event of result.events || []) {
                        this.apply(event);
                    }
                } finally {
                    this.catchingUp = null;
                }
            })();
        }
        return this.catchingUp;
    }

    onUserEvent(event) {
        if (!event || this.seq === null || event.seq <= this.seq) {
            return; // not open yet (OpenInbox brings it), or already applied
        }
        if (event.seq > this.seq + 1) {
            this.catchUp().catch(() => { /* the next reconnect resumes */ });
            return;
        }
        this.apply(event);
    }

    apply(event) {
        if (event.seq <= this.seq) {
            return;
        }
        this.seq = event.seq;
        if (event.kind === "left") {
            this.remove(event.roomId);
        } else {
            const entry = this.upsert(event.entry);
            if (entry && event.kind === "mention") {
                this.events.mention(entry, event.message || null);
            }
        }
        this.changed();
    }

    /**
     * What happened in a room that counts for the sidebar (an "activity" frame, or what the open pane showed):
     * { roomId, seq, at } of its newest message (seq 0: none), and the new and the deleted messages as { seq, author }.
     */
    activity(frame) {
        const entry = this.entries.get(frame.roomId);
        if (!entry) {
            return;
        }
        if (frame.seq > entry.lastSeq) {
            entry.lastSeq = frame.seq;
            entry.lastAt = frame.at ?? entry.lastAt;
        }
        addMessages(entry.counts, frame.messages, this.me);
        removeMessages(entry.counts, frame.deleted, entry.readSeq, this.me);
        this.changed();
    }

    /** The reader has seen roomId up to seq: counts drop now, and the server stores it (shared by devices and tabs). */
    read(roomId, seq) {
        const entry = this.entries.get(roomId);
        if (entry && seq > entry.readSeq) {
            entry.readSeq = seq;
            readTo(entry.counts, seq);
            this.changed();
        }
        this.sender.read(roomId, seq);
    }

    /** Sends at once what the MarkRead spacing holds back (leaving: the page is hidden or going away). */
    flush(leaving) {
        this.sender.flush(leaving);
    }

    // ----- view -----

    /** Marks the open room (aria-current). */
    setCurrent(roomId) {
        this.current = roomId;
        for (const entry of this.entries.values()) {
            const a = entry.li && entry.li.querySelector("a");
            if (!a) {
                continue;
            }
            if (entry.roomId === roomId) {
                a.setAttribute("aria-current", "page");
            } else {
                a.removeAttribute("aria-current");
            }
        }
    }

    changed() {
        if (this.list) {
            showList(this.nav, this.list, [...this.entries.values()], entry => this.unread(entry));
        }
        this.setCurrent(this.current);
        this.events.changed(this.totalUnread());
    }
}
