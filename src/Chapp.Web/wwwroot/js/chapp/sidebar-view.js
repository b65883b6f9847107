// The sidebar's markup for one room: the same as Pages/Shared/_SidebarRoom.cshtml renders. The label is the server's
// (InboxEntry.Label, one rule in Chapp.Grains/RoomLabels.cs). Names are user input: textContent only. Counts are
// numbers with words for screen readers ("3 unread", "1 mention"); an unread count stops at "99+".
import { countText } from "./unread.js";

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

/** Shows the room's topic as the link's title (none when empty). */
export function showTopic(li, topic) {
    const a = li.querySelector("a");
    if (topic) {
        a.title = topic;
    } else {
        a.removeAttribute("title");
    }
}

/** Shows the rooms latest activity first, each with its counts (unread(entry)); the "no rooms" note when empty. */
export function showList(nav, list, entries, unread) {
    entries.sort(byActivity).forEach((entry, i) => {
        showCounts(entry.li, unread(entry), entry.mentions || 0);
        if (list.children[i] !== entry.li) {
            list.insertBefore(entry.li, list.children[i] || null);
        }
    });
    const empty = nav.querySelector("#room-nav-empty");
    if (empty) {
        empty.hidden = entries.length > 0;
    }
}

// Latest activity first; rooms without messages last, by name.
function byActivity(a, b) {
    const at = x => (x.lastAt ? Date.parse(x.lastAt) : 0) || 0;
    return at(b) - at(a) || String(a.label).localeCompare(String(b.label));
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
    span.querySelector(".count").textContent = n > 0 ? countText(n) : "";
    const words = span.querySelector(".visually-hidden");
    words.textContent = n <= 0 ? "" : n === 1 ? words.dataset.one : words.dataset.many;
}
