// Switching rooms without a page load: a click on a room in the sidebar (or Back/Forward) empties the pane and
// points it at the other room; the caller then joins it over the same hub connection. Pages without a room pane,
// links opened in a new tab, and anything else are left to the browser.

export class Router {
    constructor(nav, switchTo) {
        this.switchTo = switchTo; // switchTo(roomId, label): true when done in place
        const root = document.getElementById("chat");
        if (root) {
            history.replaceState({ roomId: root.dataset.roomId, label: root.querySelector("h1 bdi").textContent }, "");
        }
        nav?.addEventListener("click", event => {
            const a = event.target.closest("a[href]");
            const li = a && a.closest("li[data-room-id]");
            if (!li || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey
                || event.shiftKey || event.altKey || !document.getElementById("chat")) {
                return;
            }
            event.preventDefault();
            this.go(li.dataset.roomId, li.querySelector(".room-name").textContent);
        });
        window.addEventListener("popstate", event => {
            const state = event.state;
            if (!state || !state.roomId || !document.getElementById("chat")) {
                location.reload();
                return;
            }
            this.switchTo(state.roomId, state.label);
        });
    }

    /** Opens roomId in the pane and adds it to the history. */
    go(roomId, label) {
        const path = "/rooms/" + encodeURIComponent(roomId);
        if (!this.switchTo(roomId, label)) {
            location.assign(path);
        } else if (location.pathname !== path) {
            history.pushState({ roomId, label }, "", path);
        }
    }
}

/** Empties the room pane in root and points it (data, title, forms) at another room. */
export function resetPane(root, roomId, label) {
    root.dataset.roomId = roomId;
    delete root.dataset.readSeq; // the page's own room's; the sidebar knows the others'
    delete root.dataset.atSeq; // a search result's message; another room opens at its latest
    root.querySelector("#newer-status")?.remove();
    const path = "/rooms/" + encodeURIComponent(roomId);
    root.querySelector("h1 bdi").textContent = label;
    const list = root.querySelector("#messages");
    list.replaceChildren();
    delete list.dataset.hasOlder; // the pane learns it from the join
    delete list.dataset.lastSeq; // likewise: the other room's would be taken for this one's
    root.querySelector("#history-status").textContent = "";
    root.querySelector("#presence").replaceChildren();
    root.querySelector("#list-notice")?.remove();
    root.querySelector("#composer-reason").textContent = "";
    root.querySelector("#composer-text").value = "";
    root.querySelector("#composer").action = path + "?handler=Send";
    const leave = root.querySelector("#leave-room");
    if (leave && leave.form) {
        leave.form.action = path + "?handler=Leave";
    }
}
