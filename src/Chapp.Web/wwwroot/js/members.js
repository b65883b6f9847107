// Chapp room details: the member list (who is in the room, who has it open), the topic as it changes, and what
// happens when the reader is no longer a member. Names are user input: DOM APIs and textContent only.
// Uses window.chapp.connection and the "chapp:room-opened" event; window.chappMembers.list() serves mentions.js.
(() => {
    "use strict";

    const root = document.getElementById("chat");
    const listEl = document.getElementById("member-list");
    if (!root || !listEl) {
        return;
    }

    const MAX_PUBLIC = 100;
    let roomId = root.dataset.roomId;
    let kind = null;
    let hooked = null;
    let members = Array.from(listEl.querySelectorAll("li[data-user-name]"), li => ({
        userName: li.dataset.userName,
        displayName: li.querySelector("bdi").textContent,
        online: li.classList.contains("online"),
    }));
    const displayNames = new Map(members.map(m => [m.userName.toLowerCase(), m.displayName]));

    function render() {
        const items = members.map(m => {
            const li = document.createElement("li");
            li.className = m.online ? "member online" : "member";
            li.dataset.userName = m.userName;
            const name = document.createElement("bdi");
            name.textContent = m.displayName;
            const handle = document.createElement("span");
            handle.className = "handle";
            handle.textContent = "(@" + m.userName + ")";
            const state = document.createElement("span");
            state.className = "member-state";
            state.textContent = m.online ? " · online" : "";
            li.append(name, " ", handle, state);
            return li;
        });
        listEl.replaceChildren(...items);
        document.getElementById("members-count").textContent = String(members.length);
        document.getElementById("members-online").textContent = String(members.filter(m => m.online).length);
    }

    async function refresh(connection) {
        try {
            const list = await connection.invoke("GetMembers", roomId);
            members = list.map(m => ({ userName: m.userName, displayName: m.displayName, online: m.online }));
            for (const m of members) {
                displayNames.set(m.userName.toLowerCase(), m.displayName);
            }
            render();
        } catch {
            // The next change or reconnect brings the list again.
        }
    }

    // Presence is the online part; in a public room it is the whole list (who has it open).
    function onPresence(presence) {
        if (!presence || presence.roomId !== roomId || !Array.isArray(presence.userNames)) {
            return;
        }
        const online = new Set(presence.userNames.map(n => n.toLowerCase()));
        if (kind === "Public") {
            members = presence.userNames.slice(0, MAX_PUBLIC).map(n => ({
                userName: n, displayName: displayNames.get(n.toLowerCase()) || n, online: true,
            }));
        } else {
            members = members.map(m => ({ ...m, online: online.has(m.userName.toLowerCase()) }));
        }
        render();
    }

    function onRoom(view) {
        if (!view || view.id !== roomId) {
            return;
        }
        const topic = document.querySelector("#room-topic bdi");
        if (topic) {
            topic.textContent = view.topic || "";
        }
        const input = document.getElementById("new-topic");
        if (input && document.activeElement !== input) {
            input.value = view.topic || "";
        }
        if (hooked) {
            refresh(hooked);
        }
    }

    // The reader left (here or in another tab) or was taken out: nothing more arrives, say so and stop the composer.
    function onRemoved(id) {
        if (id !== roomId) {
            return;
        }
        const reason = document.getElementById("composer-reason");
        if (reason) {
            reason.textContent = "You are no longer a member of this conversation.";
        }
        for (const el of [document.getElementById("composer-text"), document.getElementById("composer-send")]) {
            if (el) {
                el.disabled = true;
            }
        }
        root.dataset.removed = "true";
    }

    document.addEventListener("chapp:room-opened", event => {
        const detail = event.detail || {};
        const connection = window.chapp && window.chapp.connection;
        if (!connection || !detail.roomId) {
            return;
        }
        roomId = detail.roomId;
        kind = detail.view ? detail.view.kind : kind;
        if (hooked !== connection) {
            hooked = connection;
            connection.on("presence", onPresence);
            connection.on("room", onRoom);
            connection.on("removed", onRemoved);
        }
        refresh(connection);
    });

    window.chappMembers = { list: () => members.slice() };
})();
