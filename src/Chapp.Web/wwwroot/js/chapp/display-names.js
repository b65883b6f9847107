// Display names for the user names a page shows (who reacted to a message). Known ones come from what the page
// already has (each message's author and display name); the rest are asked of the server in one GetDisplayNames
// call per batch, remembered for the page's life, and the reaction buttons naming them are updated. Names are user
// input: they only ever go into attributes and text.

const known = new Map(); // user name (lower case) -> display name
const asked = new Set();
let queued = null;

/** Remembers a display name seen on the page. */
export function learn(userName, displayName) {
    if (userName && displayName) {
        known.set(String(userName).toLowerCase(), String(displayName));
    }
}

/** Learns the authors of the messages rendered in root (server-rendered items carry both names). */
export function learnFromPage(root) {
    for (const li of root.querySelectorAll("li[data-author]")) {
        learn(li.dataset.author, li.querySelector(".display-name")?.textContent);
    }
}

/** The display name of userName when known; else the user name for now, and it is looked up. */
export function nameOf(userName) {
    const key = String(userName).toLowerCase();
    const name = known.get(key);
    if (name !== undefined) {
        return name;
    }
    lookUp(key);
    return userName;
}

/** "👍 2: Alice, Bob" parts of a reaction button from its user names (data-users). */
export function describe(button) {
    const users = (button.dataset.users || "").split(" ").filter(Boolean);
    const who = users.map(nameOf).join(", ");
    button.title = who;
    button.setAttribute("aria-label", `${button.dataset.emoji} ${users.length}: ${who}`);
}

function lookUp(key) {
    if (asked.has(key)) {
        return;
    }
    asked.add(key);
    if (queued) {
        queued.add(key);
        return;
    }
    queued = new Set([key]);
    // One call for whatever the current render asks for.
    setTimeout(async () => {
        // Authors of messages rendered later in the same batch are known by now.
        const names = [...queued].filter(name => !known.has(name)).slice(0, 100);
        queued = null;
        const hub = window.chapp && window.chapp.connection;
        try {
            if (names.length > 0) {
                if (!hub || hub.state !== "Connected") {
                    throw new Error("not connected");
                }
                const found = await hub.invoke("GetDisplayNames", names);
                for (const [userName, displayName] of Object.entries(found || {})) {
                    learn(userName, displayName);
                }
            }
            for (const button of document.querySelectorAll(".reaction[data-users]")) {
                describe(button);
            }
        } catch {
            names.forEach(name => asked.delete(name)); // asked again at the next render
        }
    }, 0);
}
