// The composer of a room pane: a message typed here is shown as pending at once and sent with a random
// clientMessageId; a send that fails without a refusal is retried with the same id (stored once). Unsent text is
// kept per room in sessionStorage (this tab only), so it survives a room switch or a reload and goes on send.
import { pendingItem } from "./message-view.js";
import { refusal } from "./connection.js";

export class Composer {
    constructor(root, pane, signal) {
        this.pane = pane;
        this.form = root.querySelector("#composer");
        this.textarea = root.querySelector("#composer-text");
        this.sendButton = root.querySelector("#composer-send");
        this.reason = root.querySelector("#composer-reason");
        this.pending = new Map(); // clientMessageId -> { text, li, inFlight, attempts }
        this.refused = false;
        // What was typed here before a room switch or a reload comes back (per room, for this tab's session).
        if (!this.textarea.value) {
            this.textarea.value = readDraft(pane.roomId);
        }

        this.textarea.addEventListener("input", () => this.saveDraft(), { signal });
        this.form.addEventListener("submit", event => {
            event.preventDefault();
            this.send();
        }, { signal });
        this.textarea.addEventListener("keydown", event => {
            if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
                event.preventDefault();
                this.send();
            }
        }, { signal });
    }

    /** Keeps the text being typed as this room's draft (the pane calls it when it closes, too). */
    saveDraft() {
        writeDraft(this.pane.roomId, this.textarea.value);
    }

    /** Enables the composer only while the pane is joined, and says why not otherwise. */
    setUsable(state, joined, refused) {
        const usable = state === "connected" && joined && !refused;
        this.textarea.disabled = !usable;
        this.sendButton.disabled = !usable;
        if (refused) {
            return;
        }
        if (state === "connected") {
            this.reason.textContent = usable ? "" : "Joining the room…";
        } else if (state === "reconnecting") {
            this.reason.textContent = "Connection lost. Reconnecting; you can send again once connected.";
        } else {
            this.reason.textContent = "You are offline. You can send again once the connection is back.";
        }
    }

    /** Shows why the room cannot be used. */
    refuse(text) {
        this.reason.textContent = text;
    }

    /** A message of ours arrived stored: its pending copy goes. */
    stored(clientMessageId) {
        const item = this.pending.get(clientMessageId);
        if (item) {
            item.li.remove();
            this.pending.delete(clientMessageId);
        }
    }

    /** Sends everything still pending (after a join). */
    resend() {
        for (const id of this.pending.keys()) {
            this.trySend(id);
        }
    }

    async trySend(id) {
        const pane = this.pane;
        const item = this.pending.get(id);
        // A closed pane still delivers what was typed in it: the hub's Send needs no join.
        if (!item || item.inFlight || !pane.connection.isConnected || !(pane.joined || pane.closed)) {
            return;
        }
        item.inFlight = true;
        try {
            const stored = await pane.connection.invoke("Send", pane.roomId, item.text, id);
            item.li.remove();
            this.pending.delete(id);
            if (!pane.closed) {
                pane.renderAll([stored]);
            }
        } catch (error) {
            item.inFlight = false;
            const text = refusal(error);
            if (text) {
                this.pending.delete(id);
                item.li.classList.replace("pending", "failed");
                item.li.querySelector(".pending-state").textContent = "Not sent: " + text;
                return;
            }
            // Not refused: the server could not store it yet, or the connection dropped. It stays pending and is sent
            // again with the same id (stored once): after a backoff while connected, or by the reconnect handler.
            item.attempts = (item.attempts || 0) + 1;
            item.li.querySelector(".pending-state").textContent = "Not stored yet, retrying…";
            setTimeout(() => this.trySend(id), Math.min(10000, 250 * 2 ** item.attempts));
        }
    }

    send() {
        const text = this.textarea.value;
        if (!text.trim()) {
            this.reason.textContent = "A message cannot be empty.";
            return;
        }
        this.reason.textContent = "";
        const id = newId();
        const li = pendingItem(text);
        this.pane.list.append(li);
        this.pane.scrollToBottom();
        this.pending.set(id, { text, li, inFlight: false });
        this.textarea.value = "";
        this.pane.typing?.sent();
        writeDraft(this.pane.roomId, "");
        this.trySend(id);
    }
}

function newId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
        return window.crypto.randomUUID();
    }
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
}

// Drafts in sessionStorage when it works (a private window may refuse it), else in this page's memory.
const drafts = new Map();

function draftKey(roomId) {
    return "chapp-draft:" + roomId;
}

function readDraft(roomId) {
    try {
        return sessionStorage.getItem(draftKey(roomId)) || "";
    } catch {
        return drafts.get(roomId) || "";
    }
}

function writeDraft(roomId, text) {
    try {
        if (text) {
            sessionStorage.setItem(draftKey(roomId), text);
        } else {
            sessionStorage.removeItem(draftKey(roomId));
        }
    } catch {
        if (text) {
            drafts.set(roomId, text);
        } else {
            drafts.delete(roomId);
        }
    }
}
