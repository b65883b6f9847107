// The tab title: "(3) Lobby · Chapp" while 3 messages are unread in the reader's rooms.
import { countText } from "./unread.js";

let base = null;

/** Shows total unread in the title; base replaces the title's own text when given. */
export function setTitle(total, newBase) {
    if (base === null) {
        base = document.title.replace(/^\(\d+\+?\) /, "");
    }
    if (newBase) {
        base = newBase;
    }
    document.title = (total > 0 ? "(" + countText(total) + ") " : "") + base;
}
