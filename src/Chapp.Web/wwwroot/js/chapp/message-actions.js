// The controls on messages: edit and delete one's own (edit in place: Enter saves, Escape cancels), and reactions
// (click a reaction to toggle yours; "React" opens a small picker with common emoji and free entry). Every change goes
// to the server; what everyone sees comes back as an event on the room stream and is applied by the pane.
import { applyChange } from "./message-view.js";
import { refusal } from "./connection.js";

const COMMON = ["👍", "❤️", "😂", "🎉", "😮", "😢", "👀", "✅"];

export class MessageActions {
    constructor(list, pane, signal) {
        this.list = list;
        this.pane = pane;
        list.addEventListener("click", event => this.onClick(event), { signal });
        list.addEventListener("keydown", event => this.onKeyDown(event), { signal });
    }

    /** Adds the controls a message item offers its reader. */
    decorate(li) {
        if (li.classList.contains("deleted") || li.querySelector(".message-actions")) {
            return;
        }
        const actions = document.createElement("span");
        actions.className = "message-actions";
        actions.append(button("react-message", "React", "Add a reaction"));
        if (li.dataset.author === this.pane.me) {
            actions.append(button("edit-message", "Edit", "Edit message"), button("delete-message", "Delete", "Delete message"));
        }
        li.querySelector(".meta").append(actions);
    }

    onClick(event) {
        const target = event.target.closest("button");
        const li = target?.closest("li.message[data-seq]");
        if (!target || !li) {
            return;
        }
        if (target.form) {
            event.preventDefault(); // a server-rendered reaction bar is a form for pages without script
        }
        if (target.classList.contains("reaction")) {
            this.react(li, target.dataset.emoji, target.getAttribute("aria-pressed") !== "true");
        } else if (target.classList.contains("react-message")) {
            this.openPicker(li);
        } else if (target.classList.contains("pick-emoji")) {
            this.react(li, target.dataset.emoji, true);
            this.closePicker(li);
        } else if (target.classList.contains("pick-free")) {
            const input = li.querySelector(".picker-free");
            this.react(li, input.value.trim(), true);
            this.closePicker(li);
        } else if (target.classList.contains("edit-message")) {
            this.startEdit(li);
        } else if (target.classList.contains("edit-save")) {
            this.saveEdit(li);
        } else if (target.classList.contains("edit-cancel")) {
            this.endEdit(li);
        } else if (target.classList.contains("delete-message")) {
            this.askDelete(li);
        } else if (target.classList.contains("delete-confirm")) {
            this.delete(li);
        } else if (target.classList.contains("delete-cancel")) {
            li.querySelector(".delete-ask")?.remove();
            li.querySelector(".delete-message")?.focus();
        }
    }

    onKeyDown(event) {
        const li = event.target.closest("li.message[data-seq]");
        if (!li) {
            return;
        }
        if (event.target.classList.contains("edit-text")) {
            if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
                event.preventDefault();
                this.saveEdit(li);
            } else if (event.key === "Escape") {
                event.preventDefault();
                this.endEdit(li);
            }
        } else if (event.key === "Escape" && event.target.closest(".reaction-picker")) {
            event.preventDefault();
            this.closePicker(li);
        } else if (event.key === "Enter" && event.target.classList.contains("picker-free")) {
            event.preventDefault();
            li.querySelector(".pick-free").click();
        }
    }

    // ----- edit -----

    startEdit(li) {
        if (li.querySelector(".edit-form")) {
            li.querySelector(".edit-text").focus();
            return;
        }
        const text = li.querySelector(".text");
        const form = document.createElement("div");
        form.className = "edit-form";
        const box = document.createElement("textarea");
        box.className = "edit-text";
        box.rows = 2;
        box.maxLength = 4000;
        box.setAttribute("aria-label", "Edit message");
        box.value = li.dataset.text ?? text.textContent;
        const hint = document.createElement("span");
        hint.className = "hint";
        hint.textContent = "Enter saves, Escape cancels.";
        form.append(box, button("edit-save", "Save"), button("edit-cancel", "Cancel"), hint, reasonElement());
        text.hidden = true;
        text.after(form);
        box.focus();
        box.setSelectionRange(box.value.length, box.value.length);
    }

    async saveEdit(li) {
        const box = li.querySelector(".edit-text");
        if (!box || box.disabled) {
            return;
        }
        box.disabled = true;
        try {
            const stored = await this.pane.connection.invoke("EditMessage", this.pane.roomId, Number(li.dataset.seq), box.value);
            this.applyAnswer(li, stored);
            this.endEdit(li);
        } catch (error) {
            box.disabled = false;
            li.querySelector(".edit-form .reason").textContent = refusal(error) || "Could not save the edit. Try again.";
            box.focus();
        }
    }

    endEdit(li) {
        li.querySelector(".edit-form")?.remove();
        const text = li.querySelector(".text");
        text.hidden = false;
        li.querySelector(".edit-message")?.focus();
    }

    // ----- delete -----

    askDelete(li) {
        if (li.querySelector(".delete-ask")) {
            return;
        }
        const ask = document.createElement("span");
        ask.className = "delete-ask";
        ask.setAttribute("role", "group");
        ask.setAttribute("aria-label", "Delete this message?");
        ask.append("Delete this message? ", button("delete-confirm", "Yes, delete"), button("delete-cancel", "Cancel"), reasonElement());
        li.querySelector(".meta").append(ask);
        ask.querySelector(".delete-confirm").focus();
    }

    async delete(li) {
        try {
            const stored = await this.pane.connection.invoke("DeleteMessage", this.pane.roomId, Number(li.dataset.seq));
            this.applyAnswer(li, stored);
            li.querySelector(".delete-ask")?.remove();
        } catch (error) {
            const reason = li.querySelector(".delete-ask .reason");
            if (reason) {
                reason.textContent = refusal(error) || "Could not delete the message. Try again.";
            }
        }
    }

    // ----- reactions -----

    openPicker(li) {
        if (li.querySelector(".reaction-picker")) {
            this.closePicker(li);
            return;
        }
        const picker = document.createElement("div");
        picker.className = "reaction-picker";
        picker.setAttribute("role", "group");
        picker.setAttribute("aria-label", "Choose a reaction");
        for (const emoji of COMMON) {
            const pick = button("pick-emoji", emoji, "React with " + emoji);
            pick.dataset.emoji = emoji;
            picker.append(pick);
        }
        const free = document.createElement("input");
        free.className = "picker-free";
        free.type = "text";
        free.maxLength = 32;
        free.setAttribute("aria-label", "Any emoji");
        free.placeholder = "any emoji";
        picker.append(free, button("pick-free", "Add"));
        li.querySelector(".meta").after(picker);
        picker.querySelector("button").focus();
    }

    closePicker(li) {
        li.querySelector(".reaction-picker")?.remove();
        li.querySelector(".react-message")?.focus();
    }

    async react(li, emoji, on) {
        if (!emoji) {
            return;
        }
        li.querySelector(".action-reason")?.remove();
        try {
            const stored = await this.pane.connection.invoke("React", this.pane.roomId, Number(li.dataset.seq), emoji, on);
            this.applyAnswer(li, stored);
        } catch (error) {
            const reason = reasonElement();
            reason.classList.add("action-reason");
            reason.textContent = refusal(error) || "Could not change the reaction. Try again.";
            li.append(reason);
        }
    }

    // The answer is the stored event (or the message unchanged): shown at once; the same event from the stream is
    // then ignored by its seq.
    applyAnswer(li, stored) {
        if (stored && stored.kind) {
            applyChange(li, stored, this.pane.me);
        }
    }
}

function button(className, label, ariaLabel) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "link-button " + className;
    b.textContent = label;
    if (ariaLabel) {
        b.setAttribute("aria-label", ariaLabel);
    }
    return b;
}

function reasonElement() {
    const reason = document.createElement("span");
    reason.className = "reason";
    reason.setAttribute("role", "alert");
    return reason;
}
