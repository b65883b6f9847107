// Chapp mention autocomplete: typing "@" in the composer offers the room's members (window.chappMembers), as an
// ARIA combobox: arrows move, Enter or Tab picks, Escape closes, a click picks. Loaded before app.js (the composer) so that Enter
// picks a name instead of sending while the list is open.
(() => {
    "use strict";

    const textarea = document.getElementById("composer-text");
    if (!textarea) {
        return;
    }

    const MAX_OPTIONS = 8;
    const box = document.createElement("ul");
    box.id = "mention-options";
    box.className = "mention-options";
    box.setAttribute("role", "listbox");
    box.setAttribute("aria-label", "People to mention");
    box.hidden = true;
    textarea.after(box);
    textarea.setAttribute("role", "combobox");
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", box.id);
    textarea.setAttribute("aria-expanded", "false");

    let options = [];
    let active = -1;
    let start = -1;

    // The "@prefix" just before the caret, when there is one.
    function query() {
        const caret = textarea.selectionStart;
        const match = /(^|[^A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{0,32})$/.exec(textarea.value.slice(0, caret));
        return match ? { start: caret - match[2].length - 1, prefix: match[2].toLowerCase() } : null;
    }

    function update() {
        const q = query();
        const people = window.chappMembers ? window.chappMembers.list() : [];
        const me = (document.getElementById("chat")?.dataset.userName || "").toLowerCase();
        options = q === null ? [] : people
            .filter(m => m.userName.toLowerCase() !== me)
            .filter(m => m.userName.toLowerCase().startsWith(q.prefix) || m.displayName.toLowerCase().startsWith(q.prefix))
            .slice(0, MAX_OPTIONS);
        if (options.length === 0) {
            close();
            return;
        }
        start = q.start;
        active = 0;
        render();
    }

    function render() {
        box.replaceChildren(...options.map((m, i) => {
            const li = document.createElement("li");
            li.id = "mention-option-" + i;
            li.setAttribute("role", "option");
            li.setAttribute("aria-selected", String(i === active));
            const name = document.createElement("bdi");
            name.textContent = m.displayName;
            const handle = document.createElement("span");
            handle.className = "handle";
            handle.textContent = " @" + m.userName;
            li.append(name, handle);
            // mousedown, not click: the textarea keeps focus and its caret.
            li.addEventListener("mousedown", event => {
                event.preventDefault();
                choose(i);
            });
            return li;
        }));
        box.hidden = false;
        textarea.setAttribute("aria-expanded", "true");
        textarea.setAttribute("aria-activedescendant", "mention-option-" + active);
    }

    function close() {
        box.hidden = true;
        options = [];
        active = -1;
        textarea.setAttribute("aria-expanded", "false");
        textarea.removeAttribute("aria-activedescendant");
    }

    function choose(i) {
        const person = options[i];
        if (!person) {
            return;
        }
        const caret = textarea.selectionStart;
        const insert = "@" + person.userName + " ";
        textarea.value = textarea.value.slice(0, start) + insert + textarea.value.slice(caret);
        const at = start + insert.length;
        textarea.setSelectionRange(at, at);
        close();
        textarea.focus();
    }

    textarea.addEventListener("input", update);
    textarea.addEventListener("blur", close);
    textarea.addEventListener("keydown", event => {
        if (box.hidden) {
            return;
        }
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            active = (active + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
            render();
        } else if (event.key === "Enter" || event.key === "Tab") {
            choose(active);
        } else if (event.key === "Escape") {
            close();
        } else {
            return;
        }
        event.preventDefault();
        event.stopImmediatePropagation();
    });
})();
