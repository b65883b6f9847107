// The room pane's history paging: older pages as the reader scrolls up (also to reach the first unread message), and,
// when the pane opened at an older message (a search result, ?at=seq), newer pages as the reader scrolls down until it
// reaches the end and the pane goes live ("behind" until then). It loads rows; the pane renders them.

const PAGE = 50;
const CATCH_UP = 200;

export class HistoryPages {
    constructor(pane, root, signal) {
        this.pane = pane;
        this.list = pane.list;
        this.status = root.querySelector("#history-status");
        this.hasOlder = this.list.dataset.hasOlder === "true";
        this.loadingOlder = false;
        this.loadingNewer = false;
        // Opened at an older message with newer ones after the page: live messages wait until the reader reaches the end.
        this.newerStatus = root.querySelector("#newer-status");
        this.behind = Number(root.dataset.atSeq) > 0 && this.newerStatus !== null;
        this.list.addEventListener("scroll", () => {
            if (this.list.scrollTop < 40) {
                this.loadOlder();
            }
            if (this.behind && pane.nearBottom()) {
                this.loadNewer();
            }
        }, { signal });
    }

    /** After the first join: what the join told (a pane opened without a reload had no server-rendered page). */
    joined(result, first) {
        if (first && !("hasOlder" in this.list.dataset)) {
            this.hasOlder = result.messages.length > 0 && result.messages[0].seq > 1;
        }
        if (this.behind) {
            // The join brought the next page after the one shown; the rest comes as the reader scrolls down.
            this.setBehind(result.hasMore);
        }
        if (first) {
            this.showBeginning();
        }
    }

    showBeginning() {
        this.status.textContent = this.hasOlder ? "" : "This is the beginning of the room.";
    }

    // ----- newer pages (opened at an older message) -----

    setBehind(behind) {
        this.behind = behind;
        if (!behind && this.newerStatus) {
            this.newerStatus.remove();
            this.newerStatus = null;
        }
    }

    async loadNewer() {
        const pane = this.pane;
        if (this.loadingNewer || !this.behind || !pane.joined || pane.closed) {
            return;
        }
        this.loadingNewer = true;
        const link = this.newerStatus?.querySelector("a");
        const text = link?.textContent;
        if (link) {
            link.textContent = "Loading newer messages…";
        }
        try {
            const newer = await pane.connection.invoke("GetMissed", pane.roomId, pane.contiguous);
            for (const msg of newer) {
                pane.render(msg);
            }
            if (newer.length < CATCH_UP) {
                // Caught up: from here on the pane is live; a message that came meanwhile shows up as a gap and is filled.
                this.setBehind(false);
                pane.markRead();
            } else if (link) {
                link.textContent = text;
            }
        } catch {
            if (link) {
                link.textContent = "Could not load newer messages. Scroll down to try again.";
            }
        } finally {
            this.loadingNewer = false;
        }
    }

    // ----- older pages -----

    async loadOlder() {
        const pane = this.pane;
        if (this.loadingOlder || !this.hasOlder || !pane.joined || !Number.isFinite(pane.lowest) || pane.closed) {
            return;
        }
        this.loadingOlder = true;
        this.status.textContent = "Loading older messages…";
        try {
            const older = await pane.connection.invoke("GetOlder", pane.roomId, pane.lowest);
            const before = this.list.scrollHeight;
            for (const msg of older) {
                pane.render(msg);
            }
            this.list.scrollTop += this.list.scrollHeight - before;
            this.hasOlder = older.length >= PAGE && pane.lowest > 1;
            this.showBeginning();
        } catch {
            this.status.textContent = "Could not load older messages. Scroll up to try again.";
        } finally {
            this.loadingOlder = false;
        }
    }
}
