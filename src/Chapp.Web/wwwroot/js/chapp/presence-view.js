// "N online" and the names in a room's header. Names are user input, so textContent only.

const PRESENCE_NAMES = 20; // names listed before "and N more": the lobby may hold thousands

/** Shows presence = { roomId, userNames } in el. */
export function showPresence(el, presence) {
    if (!presence || !Array.isArray(presence.userNames)) {
        return;
    }
    const names = presence.userNames;
    const count = document.createElement("span");
    count.className = "presence-count";
    count.textContent = names.length + " online";
    const listed = document.createElement("span");
    listed.className = "presence-names";
    const more = names.length - PRESENCE_NAMES;
    listed.textContent = names.slice(0, PRESENCE_NAMES).join(", ") + (more > 0 ? " and " + more + " more" : "");
    el.replaceChildren(count, " ", listed);
}
