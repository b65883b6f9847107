// How one message looks. The body is the HTML the server rendered from the text (Formatting/MessageMarkdown.cs, the
// same for live frames, history and the page), and the reader's own mentions are highlighted here.
// A message is shown in its current state; applyChange() brings it up to date with an edit, delete or reaction event.
import { reactionBar, editedMark } from "./reactions-view.js";
import { learn, learnAll } from "./display-names.js";

/** Kinds of room log rows (Chapp.Grains.RoomEventKind). */
export const KIND = { message: 0, edit: 1, delete: 2, reaction: 3 };

const sameDay = (a, b) => a.toDateString() === b.toDateString();

/** Shows a <time> in the reader's time zone: the time alone for today, the date too otherwise. */
export function localize(timeEl) {
    const at = new Date(timeEl.dateTime);
    if (Number.isNaN(at.getTime())) {
        return;
    }
    const options = sameDay(at, new Date())
        ? { hour: "2-digit", minute: "2-digit" }
        : { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" };
    timeEl.textContent = at.toLocaleString([], options);
    timeEl.title = at.toLocaleString();
}

/**
 * Fills a message's body from a frame (its server-rendered html; a bare string, or a frame without html, as text)
 * and highlights the reader's mentions.
 */
export function setText(el, msg, me) {
    if (msg && typeof msg.html === "string") {
        // The only innerHTML in the app, on purpose: the server rendered this from the text with raw HTML off and
        // an allow-list of elements and attributes (links http(s) only), so one set of rules serves the page, live
        // frames and history, and the CSP (no inline script) stays as it is, a second wall behind it.
        el.innerHTML = msg.html;
    } else {
        el.textContent = typeof msg === "string" ? msg : (msg?.text ?? "");
    }
    markMentions(el, me);
}

/** Highlights the mentions of the reader (me, lower case) in a rendered body. */
export function markMentions(el, me) {
    for (const mention of el.querySelectorAll("span.mention")) {
        mention.classList.toggle("me", mention.dataset.user === me);
    }
}

/** Fills a message's body from a message or event: its text, or the placeholder once deleted. */
export function fillBody(el, msg, me) {
    el.classList.toggle("deleted-text", !!msg.deleted);
    if (msg.deleted) {
        el.textContent = "message deleted";
    } else {
        setText(el, msg, me); // an edit event carries the new text rendered
    }
}

/** A stored message as a list item (the same markup the server renders in _Message.cshtml). */
export function messageItem(msg, me) {
    const li = document.createElement("li");
    li.className = (msg.author || "").toLowerCase() === me ? "message own" : "message";
    li.dataset.seq = String(msg.seq);
    li.dataset.changedSeq = String(Math.max(msg.changedSeq || 0, msg.seq));
    li.dataset.author = (msg.author || "").toLowerCase();
    li.dataset.sentAt = new Date(msg.sentAt).toISOString();
    const meta = document.createElement("div");
    meta.className = "meta";
    // The display name is isolated (<bdi>) so right-to-left text cannot reorder what follows it, and the
    // @user name, unique and plain ASCII, is always next to it: a display name alone can copy anyone's.
    const author = document.createElement("span");
    author.className = "author";
    const displayName = document.createElement("bdi");
    displayName.className = "display-name";
    displayName.textContent = msg.authorName;
    learn(msg.author, msg.authorName);
    const handle = document.createElement("span");
    handle.className = "handle";
    handle.textContent = "(@" + msg.author + ")";
    author.append(displayName, " ", handle);
    const time = document.createElement("time");
    time.dateTime = new Date(msg.sentAt).toISOString();
    localize(time);
    meta.append(author, " ", time);
    const text = document.createElement("div");
    text.className = "text";
    li.append(meta, text);
    showState(li, msg, me);
    return li;
}

/**
 * Applies an edit, delete or reaction event to the item of its message. The event carries the message's whole new
 * state, so applying is a "set"; an event not newer than what the item shows (data-changed-seq) is ignored.
 * Returns true when the item changed.
 */
export function applyChange(li, change, me) {
    learnAll(change.reactorNames);
    if (change.seq <= Number(li.dataset.changedSeq || li.dataset.seq)) {
        return false;
    }
    li.dataset.changedSeq = String(change.seq);
    showState(li, change, me);
    return true;
}

// Text, deleted placeholder, "edited" mark and reactions, from a message or an event (which carry the same state).
function showState(li, state, me) {
    learnAll(state.reactorNames); // who reacted, named by the server in the frame
    li.classList.toggle("deleted", !!state.deleted);
    fillBody(li.querySelector(".text"), state, me);
    const meta = li.querySelector(".meta");
    meta.querySelector(".edited")?.remove();
    if (state.editedAt && !state.deleted) {
        meta.querySelector("time").after(editedMark(state.editedAt));
    }
    li.querySelector(".reactions")?.remove();
    const bar = state.deleted ? null : reactionBar(state.reactions, me);
    if (bar) {
        li.querySelector(".text").after(bar);
    }
    if (li.classList.contains("own")) {
        // The raw text, for editing in place (the body shows it formatted).
        li.dataset.text = state.deleted ? "" : state.text;
    }
    if (state.deleted) {
        for (const control of li.querySelectorAll(".message-actions, .edit-form, .reaction-picker, .delete-ask")) {
            control.remove();
        }
        li.querySelector(".text").hidden = false;
    }
}

/** A message typed here and not stored yet. */
export function pendingItem(text) {
    const li = document.createElement("li");
    li.className = "message own pending";
    const meta = document.createElement("div");
    meta.className = "meta";
    const state = document.createElement("span");
    state.className = "pending-state";
    state.textContent = "Sending…";
    meta.append(state);
    const body = document.createElement("div");
    body.className = "text";
    body.textContent = text;
    li.append(meta, body);
    return li;
}

/** The "New messages" line above the first unread message (the same markup the server renders). */
export function unreadDivider() {
    const li = document.createElement("li");
    li.className = "unread-divider";
    li.id = "unread-divider";
    const label = document.createElement("span");
    label.textContent = "New messages";
    li.append(label);
    return li;
}
