// The main pane of one open room: live delivery and the events that change messages, sending with retry-safe ids,
// gap filling after reconnects, and presence. Paging through history (older pages, and newer ones after opening at a
// search result) is history-pages.js; the "New messages" divider is unread-divider.js. A pane lives until the reader
// opens another room (close()).
import { messageItem, localize, applyChange, KIND, markMentions } from "./message-view.js";
import { MessageActions } from "./message-actions.js";
import { refusal } from "./connection.js";
import { Composer } from "./composer.js";
import { TypingIndicator } from "./typing.js";
import { showPresence } from "./presence-view.js";
import { HistoryPages } from "./history-pages.js";
import { UnreadDivider, pageReadSeq } from "./unread-divider.js";

const CATCH_UP = 200;
const STATUS_TEXT = { connected: "Connected", reconnecting: "Reconnecting…", offline: "Offline" };

/**
 * One open room. hooks: shown(roomId, messages) after new messages are shown, deleted(roomId, event) for a delete;
 * read(roomId, seq) while the pane is seen; readSeq(roomId) the stored read position (or null when not known yet); opened(roomId, view) after a join.
 */
export class RoomPane {
    constructor(root, connection, hooks) {
        this.root = root;
        this.connection = connection;
        this.hooks = hooks;
        this.roomId = root.dataset.roomId;
        this.me = (root.dataset.userName || "").toLowerCase();
        this.list = root.querySelector("#messages");
        this.statusEl = root.querySelector("#connection-status");
        this.presenceEl = root.querySelector("#presence");

        this.shown = new Set(); // seqs received: messages and events
        // The newest event for a message not on the page (yet): applied if that message is loaded later.
        this.changes = new Map();
        this.highest = 0;
        // The end of the unbroken run of messages shown: everything up to it is on the page. Resuming and gap filling
        // start here, not at `highest`, so a gap whose fill was cut off by a disconnect is filled after the reconnect.
        this.contiguous = 0;
        this.lowest = Number.POSITIVE_INFINITY;
        this.joined = false;
        this.everJoined = false;
        this.refused = false;
        this.closed = false;
        this.aborter = new AbortController();

        for (const li of this.list.querySelectorAll("li[data-seq]")) {
            const seq = Number(li.dataset.seq);
            this.shown.add(seq);
            this.highest = Math.max(this.highest, seq);
            this.lowest = Math.min(this.lowest, seq);
        }
        // The server renders an unbroken page reflecting every event up to data-last-seq.
        this.contiguous = Math.max(this.highest, Number(this.list.dataset.lastSeq || 0));
        this.highest = this.contiguous;
        this.list.querySelectorAll("time").forEach(localize);
        this.list.querySelectorAll("li[data-seq] .text").forEach(el => markMentions(el, this.me));

        const signal = this.aborter.signal;
        this.composer = new Composer(root, this, signal);
        this.typing = new TypingIndicator(root, this, signal);
        this.actions = new MessageActions(this.list, this, signal);
        this.list.querySelectorAll("li.message[data-seq]").forEach(li => this.actions.decorate(li));
        this.pages = new HistoryPages(this, root, signal);
        this.divider = new UnreadDivider(this);

        const hit = this.list.querySelector("li.hit");
        if (hit) {
            // The address's #m-seq makes the browser scroll there too, after this, by the CSS scroll-margin-top of
            // li.hit: the same place, so neither undoes the other.
            this.scrollToItem(hit, parseFloat(getComputedStyle(hit).scrollMarginTop) || 0);
        } else if (this.divider.el) {
            this.divider.scrollTo();
        } else {
            this.scrollToBottom();
        }
        this.setStatus(connection.state);
    }

    // ----- rendering -----

    nearBottom() {
        return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
    }

    scrollToBottom() {
        this.list.scrollTop = this.list.scrollHeight;
    }

    // Notes a seq of the room's log as received and extends the unbroken run.
    received(seq) {
        this.shown.add(seq);
        this.highest = Math.max(this.highest, seq);
        while (this.shown.has(this.contiguous + 1)) {
            this.contiguous++;
        }
    }

    // An edit, delete or reaction: applied to its message when shown, else kept for when it is loaded.
    applyEvent(change) {
        if (!this.shown.has(change.seq)) {
            this.received(change.seq);
        }
        if (change.kind === KIND.delete) {
            this.hooks.deleted(this.roomId, change);
        }
        const li = this.list.querySelector(`li[data-seq="${change.targetSeq}"]`);
        if (li) {
            applyChange(li, change, this.me);
        } else if ((this.changes.get(change.targetSeq)?.seq ?? 0) < change.seq) {
            this.changes.set(change.targetSeq, change);
        }
    }

    // Inserts a stored message in sequence order (a sequence number already shown is ignored), or applies an event.
    // True when a new message was shown.
    render(msg) {
        if (!msg || msg.roomId !== this.roomId) {
            return false;
        }
        if (msg.kind && msg.kind !== KIND.message) {
            this.applyEvent(msg);
            return false;
        }
        if ((msg.author || "").toLowerCase() === this.me) {
            this.composer.stored(msg.clientMessageId);
        }
        if (this.shown.has(msg.seq)) {
            return false;
        }
        const li = messageItem(msg, this.me);
        const later = this.changes.get(msg.seq);
        if (later) {
            applyChange(li, later, this.me);
            this.changes.delete(msg.seq);
        }
        this.actions.decorate(li);
        let after = null;
        for (let node = this.list.lastElementChild; node; node = node.previousElementSibling) {
            if (node.dataset.seq && Number(node.dataset.seq) < msg.seq) {
                after = node;
                break;
            }
        }
        if (after) {
            after.after(li);
        } else {
            this.list.prepend(li);
        }
        this.received(msg.seq);
        this.lowest = Math.min(this.lowest, msg.seq);
        return true;
    }

    renderAll(messages) {
        const stick = !this.pages.behind && this.nearBottom();
        const fresh = messages.filter(msg => this.render(msg));
        if (stick) {
            this.scrollToBottom();
        }
        if (fresh.length > 0) {
            this.hooks.shown(this.roomId, fresh);
            this.markRead();
        }
    }

    // ----- read position -----

    /** Tells the read position when the reader can see the room (visible and focused), not merely open in a tab. */
    markRead() {
        if (this.everJoined && !this.closed && this.contiguous > 0 && isSeen()) {
            this.hooks.read(this.roomId, this.contiguous);
        }
    }

    // Only the list scrolls (scrollIntoView would move the whole page too).
    scrollToItem(item, margin = this.list.clientHeight / 3) {
        this.list.scrollTop += item.getBoundingClientRect().top - this.list.getBoundingClientRect().top - margin;
    }

    // ----- connection -----

    setStatus(state) {
        if (this.closed) {
            return;
        }
        if (state !== "connected") {
            this.joined = false;
        }
        this.statusEl.dataset.state = state;
        this.statusEl.className = "status status-" + state;
        this.statusEl.textContent = STATUS_TEXT[state];
        // While disconnected the list may be out of date; rejoining brings the current one.
        this.presenceEl.classList.toggle("stale", state !== "connected");
        this.composer.setUsable(state, this.joined, this.refused);
    }

    showPresence(presence) {
        if (presence && presence.roomId === this.roomId) {
            showPresence(this.presenceEl, presence);
        }
    }

    async fillFrom(afterSeq) {
        let after = afterSeq;
        for (;;) {
            const missed = await this.connection.invoke("GetMissed", this.roomId, after);
            this.renderAll(missed);
            if (missed.length < CATCH_UP) {
                return;
            }
            after = missed[missed.length - 1].seq;
        }
    }

    /** Joins the room on the (re)started connection, from the end of what the pane shows. */
    async join() {
        if (this.closed) {
            return;
        }
        this.joined = false;
        this.setStatus("connected");
        try {
            const from = this.contiguous;
            const result = await this.connection.invoke("JoinRoom", this.roomId, from);
            if (this.closed) {
                return;
            }
            if (from === 0 && result.lastSeq > 0) {
                // A latest page holds messages only, reflecting every event up to lastSeq: not a gap.
                this.contiguous = Math.max(this.contiguous, result.lastSeq);
                this.highest = Math.max(this.highest, result.lastSeq);
            }
            const first = !this.everJoined;
            const readSeq = first ? this.hooks.readSeq(this.roomId) ?? pageReadSeq(this.root) : null;
            const wasBehind = this.pages.behind;
            this.renderAll(result.messages);
            this.pages.joined(result, first);
            if (!wasBehind && (result.hasMore || this.contiguous < this.highest)) {
                await this.fillFrom(this.contiguous);
            }
            this.joined = true;
            this.everJoined = true;
            this.setStatus("connected");
            if (first) {
                if (!this.list.querySelector("li.hit")) {
                    // Opened at a search result: that message is what the reader came for, not the first unread one.
                    await this.divider.show(readSeq);
                }
                this.hooks.opened(this.roomId, result.room);
            }
            this.markRead();
            this.composer.resend();
        } catch (error) {
            const text = refusal(error);
            if (text) {
                this.refused = true;
                this.composer.refuse(text);
                this.setStatus("connected");
            }
            // Otherwise the connection dropped mid-join; the reconnect brings us back here.
        }
    }

    // The server sends "message" with one message, or "messages" with several when they queued up behind a send.
    onLive(batch) {
        const mine = batch.filter(msg => msg && msg.roomId === this.roomId);
        // Behind, the newest are far below what is shown; they are read from the log when the reader gets there.
        if (mine.length === 0 || this.closed || this.pages.behind) {
            return;
        }
        for (const msg of mine) {
            if (!msg.kind || msg.kind === KIND.message) {
                this.typing.heard(msg.author); // their message is here: done typing it
            }
        }
        const gapFrom = this.joined && mine[0].seq > this.contiguous + 1 ? this.contiguous : null;
        this.renderAll(mine);
        if (gapFrom !== null) {
            this.fillFrom(gapFrom).catch(() => { /* the next reconnect fills it */ });
        }
    }

    /** Stops showing this room: leaves its group on the connection; messages typed in it are still sent. */
    close() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        this.composer.saveDraft(); // text set without typing (an autocomplete pick) is kept too
        this.aborter.abort();
        if (this.connection.isConnected) {
            this.connection.invoke("LeaveRoom", this.roomId).catch(() => { /* a new connection is in no group */ });
        }
    }
}

/** True while the reader can see the page: the tab is visible and the window has focus. */
export function isSeen() {
    return document.visibilityState === "visible" && document.hasFocus();
}
