// Chapp's page script (an ES module; no bundler). Wires the pieces in js/chapp/ around the page's one hub
// connection: the room pane, the sidebar inbox, room switching without reloads, the phone menu and notifications.
// Other scripts get window.chapp.connection (the HubConnection) and the "chapp:room-opened" event.
import { ChappConnection } from "./chapp/connection.js";
import { RoomPane, isSeen } from "./chapp/room-pane.js";
import { Inbox } from "./chapp/inbox.js";
import { Notifier } from "./chapp/notifications.js";
import { Menu } from "./chapp/menu.js";
import { Router, resetPane } from "./chapp/router.js";
import { setTitle } from "./chapp/title.js";
import { learnFromPage } from "./chapp/display-names.js";

function main() {
    const body = document.body;
    if (!body.dataset.hubUrl || typeof signalR === "undefined") {
        return; // signed out, or the SignalR client did not load: the server-rendered forms still work
    }
    document.documentElement.classList.add("js");
    // Tells the server this browser runs the script, so opening a room page does not mark it read by itself (the
    // script marks read only what is seen). A session cookie: a browser that turns script off loses it on restart.
    document.cookie = "chapp-script=1; path=/; SameSite=Strict" + (location.protocol === "https:" ? "; Secure" : "");
    const me = (body.dataset.userName || "").toLowerCase();
    const nav = document.getElementById("sidebar");
    const connection = new ChappConnection(body.dataset.hubUrl);
    window.chapp = Object.assign(window.chapp || {}, {
        connection: connection.hub,
        onConnected: listener => connection.onConnected(listener),
    });

    let pane = null;
    const menu = new Menu(document.getElementById("menu-button"), document.getElementById("menu-link"), nav);
    const notifier = new Notifier(document.getElementById("notify-button"), roomId => router.go(roomId, inbox.label(roomId) || roomId));
    const inbox = new Inbox(nav, connection, me, {
        mention: (entry, message) => {
            if (!isSeen()) {
                notifier.mention(entry, message);
            }
        },
        changed: total => setTitle(total),
    });

    const hooks = {
        shown: (roomId, messages) => {
            const newest = messages.reduce((a, b) => (b.seq > a.seq ? b : a));
            inbox.activity({ roomId, seq: newest.seq, at: newest.sentAt, messages, deleted: [] });
        },
        deleted: (roomId, event) => inbox.activity({ roomId, seq: 0, messages: [], deleted: [{ seq: event.targetSeq, author: event.author }] }),
        read: (roomId, seq) => inbox.read(roomId, seq),
        readSeq: roomId => inbox.readSeq(roomId),
        opened: (roomId, view) => document.dispatchEvent(new CustomEvent("chapp:room-opened", { detail: { roomId, view } })),
    };

    function openPane(root) {
        learnFromPage(root);
        pane = new RoomPane(root, connection, hooks);
        inbox.setCurrent(pane.roomId);
        if (connection.isConnected) {
            pane.join();
        }
    }

    // Opens another room in the pane; false when this page has no pane (the browser then navigates).
    function switchTo(roomId, label) {
        menu.close();
        const root = document.getElementById("chat");
        if (!root) {
            return false;
        }
        if (pane && pane.roomId === roomId) {
            return true;
        }
        inbox.flush(false); // what was read in the room left is stored now, not after the spacing
        pane?.close();
        const name = label || inbox.label(roomId) || roomId;
        resetPane(root, roomId, name);
        setTitle(inbox.totalUnread(), name + " · Chapp");
        openPane(root);
        // Screen readers hear the new room's name; the heading takes focus only from script (tabindex -1).
        const heading = root.querySelector("h1");
        heading.tabIndex = -1;
        heading.focus({ preventScroll: true });
        return true;
    }

    const router = new Router(nav, switchTo);
    const root = document.getElementById("chat");
    if (root) {
        openPane(root);
    }

    connection.on("message", msg => pane?.onLive([msg]));
    connection.on("messages", batch => pane?.onLive(Array.isArray(batch) ? batch : []));
    connection.on("presence", presence => pane?.showPresence(presence));
    connection.on("typing", frame => pane?.typing.onFrame(frame));
    connection.onStatus(state => pane?.setStatus(state));
    connection.onConnected(() => pane?.join());

    // Read while seen: coming back to the tab or the window counts as reading what arrived meanwhile.
    const seen = () => pane?.markRead();
    document.addEventListener("visibilitychange", seen);
    window.addEventListener("focus", seen);
    // Hidden (which also comes before a tab closes) or unloading: what was read is stored before the page goes.
    document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && inbox.flush(true));
    window.addEventListener("pagehide", () => inbox.flush(true));

    connection.start();
}

main();
