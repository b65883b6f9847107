// The sidebar's markup for one room: the same as Pages/Shared/_SidebarRoom.cshtml renders. The label is the server's
// (InboxEntry.Label, one rule in Chapp.Grains/RoomLabels.cs). Names are user input: textContent only. Counts are
// numbers with words for screen readers ("3 unread", "1 mention").

/** A new list item for entry. */
export function roomItem(entry, label) {
    const li = document.createElement("li");
    li.className = "room-entry";
    li.dataset.roomId = entry.roomId;
    const a = document.createElement("a");
    a.href = "/rooms/" + encodeURIComponent(entry.roomId);
    a.className = "room-link";
    const name = document.createElement("bdi");
    name.className = "room-name";
    name.textContent = label;
    a.append(name, " ", badge("unread", " unread", " unread"), " ", badge("mentions", " mention", " mentions"));
    li.append(a);
    return li;
}

function badge(kind, one, many) {
    const span = document.createElement("span");
    span.className = "badge " + kind;
    span.hidden = true;
    const count = document.createElement("span");
    count.className = "count";
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.dataset.one = one;
    hidden.dataset.many = many;
    span.append(count, hidden);
    return span;
}

/** Shows the counts of an item: hidden at 0. */
export function showCounts(li, unread, mentions) {
    setBadge(li.querySelector(".badge.unread"), unread);
    setBadge(li.querySelector(".badge.mentions"), mentions);
    li.classList.toggle("has-unread", unread > 0);
}

function setBadge(span, n) {
    if (!span) {
        return;
    }
    span.hidden = n <= 0;
    span.querySelector(".count").textContent = n > 0 ? String(n) : "";
    const words = span.querySelector(".visually-hidden");
    words.textContent = n <= 0 ? "" : n === 1 ? words.dataset.one : words.dataset.many;
}
