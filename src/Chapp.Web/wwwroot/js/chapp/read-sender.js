// Read positions on their way to the server with MarkRead: one call in flight per room, the first at once and later
// ones at most every READ_SPACING_MS, and whatever the spacing holds back goes at once when the reader switches rooms
// or the page is hidden or unloads (then as a beacon).

// A reader watching a busy room would otherwise store a read position per message (the counts on the page drop at
// once all the same).
const READ_SPACING_MS = 2000;

export class ReadSender {
    constructor(connection) {
        this.connection = connection;
        this.reading = new Map(); // roomId -> { inFlight, wanted, sent }
    }

    /** The reader has seen roomId up to seq: stored on the server (shared by devices and tabs). */
    read(roomId, seq) {
        const state = this.reading.get(roomId) || { inFlight: false, wanted: 0, sent: 0 };
        this.reading.set(roomId, state);
        if (seq <= state.sent) {
            return;
        }
        state.wanted = Math.max(state.wanted, seq);
        this.send(roomId, state);
    }

    async send(roomId, state) {
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
        this.send(roomId, state);
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
