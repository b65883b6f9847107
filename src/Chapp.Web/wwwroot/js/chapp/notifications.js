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

    /** Raises a notification for a mention in entry's room, when allowed. */
    mention(entry) {
        if (!this.supported || Notification.permission !== "granted") {
            return;
        }
        // One per room and message: other tabs of the same browser replace it instead of stacking copies.
        const note = new Notification("You were mentioned in " + entry.label, {
            body: entry.mentions === 1 ? "1 mention" : entry.mentions + " mentions",
            tag: "chapp-mention-" + entry.roomId + "-" + entry.lastSeq,
        });
        note.onclick = () => {
            window.focus();
            this.open(entry.roomId);
            note.close();
        };
    }
}
