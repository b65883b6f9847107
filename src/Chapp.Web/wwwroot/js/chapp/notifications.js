// Browser notifications for mentions while the page is hidden. Permission is asked only when the reader presses the
// button (browsers ignore or penalise a request made on load), and the button says what the browser decided.
const TEXT = {
    default: "Turn on notifications",
    granted: "Notifications are on",
    denied: "Notifications are blocked in this browser",
};

export class Notifier {
    constructor(button, open) {
        this.button = button;
        this.open = open; // open(roomId): shows the room when the notification is clicked
        this.supported = typeof window.Notification === "function";
        if (!button || !this.supported) {
            return;
        }
        button.hidden = false;
        button.addEventListener("click", async () => {
            if (Notification.permission === "default") {
                await Notification.requestPermission();
            }
            this.update();
        });
        this.update();
    }

    update() {
        const permission = Notification.permission;
        this.button.textContent = TEXT[permission] || TEXT.default;
        this.button.disabled = permission !== "default";
        this.button.dataset.permission = permission;
    }

    /** Raises a notification for a mention in entry's room (message: the one that named the reader, if known). */
    mention(entry, message) {
        if (!this.supported || Notification.permission !== "granted") {
            return;
        }
        const body = message
            ? message.authorName + " (@" + message.author + "): " + truncate(message.text, 140)
            : entry.mentions === 1 ? "1 mention" : entry.mentions + " mentions";
        // One per room and message: other tabs of the same browser replace it instead of stacking copies.
        const note = new Notification("You were mentioned in " + entry.label, {
            body,
            tag: "chapp-mention-" + entry.roomId + "-" + (message ? message.seq : entry.lastSeq),
        });
        note.onclick = () => {
            window.focus();
            this.open(entry.roomId);
            note.close();
        };
    }
}

function truncate(text, max) {
    const s = String(text || "");
    return s.length > max ? s.slice(0, max - 1) + "…" : s;
}
