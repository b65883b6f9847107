// Display names for the user names a page shows (who reacted to a message). The server puts them in everything it
// sends: each message's author and display name, the reactors' names in every frame (reactorNames: a reaction event
// names its actor, a history answer every reactor) and in the page it renders (data-names on each reaction). They are
// remembered for the page's life; the browser never asks for a name. Names are user input: they only ever go into
// attributes and text.

const known = new Map(); // user name (lower case) -> display name

/** Remembers a display name seen on the page. */
export function learn(userName, displayName) {
    if (userName && displayName) {
        known.set(String(userName).toLowerCase(), String(displayName));
    }
}

/** Remembers the names a frame carries (its reactorNames: user name -> display name). */
export function learnAll(names) {
    for (const [userName, displayName] of Object.entries(names || {})) {
        learn(userName, displayName);
    }
}

/** Learns the names in server-rendered items: each author, and who reacted (data-users with data-names). */
export function learnFromPage(root) {
    for (const li of root.querySelectorAll("li[data-author]")) {
        learn(li.dataset.author, li.querySelector(".display-name")?.textContent);
    }
    for (const button of root.querySelectorAll(".reaction[data-users][data-names]")) {
        const users = button.dataset.users.split(" ").filter(Boolean);
        let names = [];
        try {
            names = JSON.parse(button.dataset.names);
        } catch {
            // a malformed list names nobody: the user names stand in
        }
        users.forEach((user, i) => typeof names[i] === "string" && learn(user, names[i]));
    }
}

/** The display name of userName when known; else the user name. */
export function nameOf(userName) {
    return known.get(String(userName).toLowerCase()) ?? userName;
}

/** "👍 2: Alice, Bob" parts of a reaction button from its user names (data-users). */
export function describe(button) {
    const users = (button.dataset.users || "").split(" ").filter(Boolean);
    const who = users.map(nameOf).join(", ");
    button.title = who;
    button.setAttribute("aria-label", `${button.dataset.emoji} ${users.length}: ${who}`);
}
