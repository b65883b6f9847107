// "Alice is typing…" for one room pane. Sending: at most one notice every 3 s while keys are pressed in the
// composer (the hub drops more than one a second anyway). Showing: a person's notice lasts 5 s unless renewed, and
// ends at once when their message arrives or a "stopped" frame comes (they sent, left or disconnected).
const SEND_EVERY_MS = 3000;
const SHOWN_MS = 5000;

export class TypingIndicator {
    constructor(root, pane, signal) {
        this.pane = pane;
        this.line = root.querySelector("#typing");
        this.typists = new Map(); // user name (lower case) -> { name, timer }
        this.lastSent = 0;
        const textarea = root.querySelector("#composer-text");
        textarea.addEventListener("input", () => {
            if (textarea.value.trim() !== "") {
                this.keyPressed();
            }
        }, { signal });
        signal.addEventListener("abort", () => this.clear());
    }

    keyPressed() {
        const pane = this.pane;
        const now = Date.now();
        if (now - this.lastSent < SEND_EVERY_MS || !pane.joined || pane.closed || !pane.connection.isConnected) {
            return;
        }
        this.lastSent = now;
        pane.connection.invoke("Typing", pane.roomId).catch(() => { /* a notice is a courtesy */ });
    }

    /** Our message went: the next key press tells the room again at once. */
    sent() {
        this.lastSent = 0;
    }

    /** A "typing" frame from the hub. */
    onFrame(frame) {
        if (!frame || frame.roomId !== this.pane.roomId || this.pane.closed) {
            return;
        }
        const user = String(frame.userName || "").toLowerCase();
        if (!user || user === this.pane.me) {
            return; // our own other tabs
        }
        if (!frame.isTyping) {
            this.forget(user);
            return;
        }
        const known = this.typists.get(user);
        clearTimeout(known?.timer);
        this.typists.set(user, { name: frame.displayName || frame.userName, timer: setTimeout(() => this.forget(user), SHOWN_MS) });
        this.show();
    }

    /** A message from author arrived: they are done typing it. */
    heard(author) {
        this.forget(String(author || "").toLowerCase());
    }

    forget(user) {
        const known = this.typists.get(user);
        if (known) {
            clearTimeout(known.timer);
            this.typists.delete(user);
            this.show();
        }
    }

    clear() {
        for (const { timer } of this.typists.values()) {
            clearTimeout(timer);
        }
        this.typists.clear();
        this.show();
    }

    show() {
        if (!this.line) {
            return;
        }
        const names = [...this.typists.values()].map(typist => typist.name);
        this.line.textContent = names.length === 0 ? ""
            : names.length === 1 ? `${names[0]} is typing…`
            : names.length === 2 ? `${names[0]} and ${names[1]} are typing…`
            : "Several people are typing…";
    }
}
