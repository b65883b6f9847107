// The "New messages" divider of an open room, above the first message the reader has not read: rendered by the
// server with the page, or placed here once the room is joined (the read position may only be known then).
import { unreadDivider } from "./message-view.js";

const REACH = 4; // older pages loaded at most to reach the first unread message

export class UnreadDivider {
    constructor(pane) {
        this.pane = pane;
        this.el = pane.list.querySelector("#unread-divider");
    }

    /** Places the divider above the first unread message after readSeq and scrolls to it; loads older pages to reach it. */
    async show(readSeq) {
        const pane = this.pane;
        if (this.el || readSeq === null || readSeq === undefined || readSeq >= pane.highest) {
            return;
        }
        for (let i = 0; i < REACH && pane.pages.hasOlder && pane.lowest > readSeq + 1; i++) {
            await pane.pages.loadOlder();
        }
        // Unread as unread.js counts it: not deleted, not the reader's own (Room.cshtml.cs places it alike).
        const first = [...pane.list.querySelectorAll("li[data-seq]")].find(li => Number(li.dataset.seq) > readSeq
            && !li.classList.contains("own") && !li.classList.contains("deleted"));
        if (!first || this.el) {
            return;
        }
        this.el = unreadDivider();
        first.before(this.el);
        this.scrollTo();
    }

    /** Scrolls the list to the divider. */
    scrollTo() {
        this.pane.scrollToItem(this.el, 8);
    }
}

/** The read position the server rendered the page with (set only when something was unread). */
export function pageReadSeq(root) {
    const value = root.dataset.readSeq;
    return value ? Number(value) : null;
}
