// How a message's reactions and its "edited" mark look (the same markup _Reactions.cshtml and _Message.cshtml render).
// Who reacted is shown by display name (display-names.js); the buttons keep the user names in data-users.
import { describe } from "./display-names.js";

/** The reactions bar of a message: one toggle per emoji with its count and who reacted; null when there are none. */
export function reactionBar(reactions, me) {
    if (!reactions || reactions.length === 0) {
        return null;
    }
    const bar = document.createElement("div");
    bar.className = "reactions";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Reactions");
    for (const reaction of reactions) {
        const users = reaction.users || [];
        const mine = users.some(u => u.toLowerCase() === me);
        const button = document.createElement("button");
        button.type = "button";
        button.className = mine ? "reaction mine" : "reaction";
        button.dataset.emoji = reaction.emoji;
        button.dataset.users = users.join(" ");
        button.setAttribute("aria-pressed", mine ? "true" : "false");
        describe(button);
        const count = document.createElement("span");
        count.className = "count";
        count.textContent = String(users.length);
        button.append(reaction.emoji + " ", count);
        bar.append(button);
    }
    return bar;
}

/** "(edited)" with the edit time in its title. */
export function editedMark(editedAt) {
    const mark = document.createElement("span");
    mark.className = "edited";
    const at = new Date(editedAt);
    mark.dataset.editedAt = at.toISOString();
    mark.title = "Edited " + at.toLocaleString();
    mark.textContent = "(edited)";
    return mark;
}
