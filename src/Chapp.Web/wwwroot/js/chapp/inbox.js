// The sidebar's live state: the reader's rooms with unread and mention counts, ordered by last activity. It starts
// from what the server rendered, then OpenInbox gives the rooms as of a per-user seq; "user" frames (joined, left,
// read, mention, room) and "activity" frames keep it current, and after a reconnect GetUserEvents resumes from
// that seq (a reset means: open again). Read positions go to the server with MarkRead, one call in flight per room,
// and whatever the spacing holds back goes at once when the reader switches rooms or the page is hidden or unloads.
import { roomItem, showCounts, showTopic } from "./sidebar-view.js";

// A reader watching a busy room would otherwise store a read position per message: the first MarkRead goes at once,
// later ones at most this often (the counts here drop at once all the same).
const READ_SPACING_MS = 2000;

export class Inbox {
    constructor(nav, connection, me, events) {
        this.nav = nav;
        this.list = nav ? nav.querySelector("#room-nav") : null;
        this.connection = connection;
        this.me = me;
        this.events = events; // { mention(entry, message), changed(totalUnread) }
        this.entries = new Map(); // roomId -> { roomId, name, kind, topic, lastSeq, lastAt, readSeq, mentions, label, li }
        this.seq = null; // the per-user seq the entries are at; null until OpenInbox answered
        this.current = null;
        this.reading = new Map(); // roomId -> { inFlight, wanted }
        this.catchingUp = null;
        this.readFromPage();

        connection.on("user", event => this.onUserEvent(event));
        connection.on("activity", activity => activity && this.activity(activity.roomId, activity.seq, activity.at));
        connection.onConnected(() => this.sync());
    }

    // ----- state -----

    readFromPage() {
        if (!this.list) {
            return;
        }
        for (const li of this.list.querySelectorAll("li[data-room-id]")) {
            const d = li.dataset;
            this.entries.set(d.roomId, {
                roomId: d.roomId, name: d.name || "", kind: d.kind || "Public", topic: li.querySelector("a").title || null,
                lastSeq: Number(d.lastSeq || 0), lastAt: d.lastAt || null, readSeq: Number(d.readSeq || 0),
                mentions: Number(d.mentions || 0), label: li.querySelector(".room-name").textContent, li,
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
        return Math.max(0, entry.lastSeq - entry.readSeq);
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
            entry = { roomId: data.roomId, lastSeq: 0, lastAt: null, readSeq: 0, li: null };
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

    /** A new message in a room (an "activity" frame, or one shown in the open pane). */
    activity(roomId, seq, at) {
        const entry = this.entries.get(roomId);
        if (!entry || seq <= entry.lastSeq) {
            return;
        }
        entry.lastSeq = seq;
        entry.lastAt = at ?? entry.lastAt;
        this.changed();
    }

    /** The reader has seen roomId up to seq: counts drop now, and the server stores it (shared by devices and tabs). */
    read(roomId, seq) {
        const entry = this.entries.get(roomId);
        if (entry && seq > entry.readSeq) {
            entry.readSeq = seq;
            this.changed();
        }
        const state = this.reading.get(roomId) || { inFlight: false, wanted: 0, sent: 0 };
        this.reading.set(roomId, state);
        if (seq <= state.sent) {
            return;
        }
        state.wanted = Math.max(state.wanted, seq);
        this.sendRead(roomId, state);
    }

    async sendRead(roomId, state) {
        if (state.inFlight || state.wanted <= state.sent || !this.connection.isConnected) {
            return;
        }
        state.inFlight = true;
        const seq = state.wanted;
        try {
            await this.connection.invoke("MarkRead", roomId, seq);
            state.sent = Math.max(state.sent, seq);
            await new Promise(resolve => setTimeout(resolve, READ_SPACING_MS));
        } catch (error) {
            console.warn("MarkRead failed", error);
            state.wanted = 0; // the pane tells again after the reconnect
        } finally {
            state.inFlight = false;
        }
        this.sendRead(roomId, state);
    }

    /**
     * Sends at once the read positions the spacing still holds back, so nothing read is lost: over the hub on a room
     * switch; as a beacon (an HTTP POST the browser completes even while unloading) when the page is hidden or going
     * away. A beacon does not count as sent here: a page that stays resends it once, which changes nothing.
     */
    flush(leaving) {
        for (const [roomId, state] of this.reading) {
            const seq = state.wanted;
            if (seq <= state.sent) {
                continue;
            }
            if (leaving || !this.connection.isConnected) {
                sendReadBeacon(roomId, seq);
            } else {
                this.connection.invoke("MarkRead", roomId, seq)
                    .then(() => { state.sent = Math.max(state.sent, seq); })
                    .catch(error => console.warn("MarkRead failed", error));
            }
        }
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
            const sorted = [...this.entries.values()].sort(byActivity);
            sorted.forEach((entry, i) => {
                showCounts(entry.li, this.unread(entry), entry.mentions || 0);
                if (this.list.children[i] !== entry.li) {
                    this.list.insertBefore(entry.li, this.list.children[i] || null);
                }
            });
            const empty = this.nav.querySelector("#room-nav-empty");
            if (empty) {
                empty.hidden = this.entries.size > 0;
            }
        }
        this.setCurrent(this.current);
        this.events.changed(this.totalUnread());
    }
}

// Latest activity first; rooms without messages last, by name.
function byActivity(a, b) {
    const at = x => (x.lastAt ? Date.parse(x.lastAt) : 0) || 0;
    return at(b) - at(a) || String(a.label).localeCompare(String(b.label));
}

// POST /rooms/<id>?handler=Read with the page's antiforgery token (the log-out form's): false when it cannot be sent.
function sendReadBeacon(roomId, seq) {
    const token = document.querySelector("input[name='__RequestVerificationToken']");
    if (!token || typeof navigator.sendBeacon !== "function") {
        return false;
    }
    const form = new FormData();
    form.append("seq", String(seq));
    form.append("__RequestVerificationToken", token.value);
    return navigator.sendBeacon("/rooms/" + encodeURIComponent(roomId) + "?handler=Read", form);
}
