// At phone width the sidebar is a menu behind a button. Without script the header's "Rooms" link jumps to the
// sidebar, which then sits below the page; with script the link gives way to a real button that opens it over the page.
export class Menu {
    constructor(button, link, nav) {
        this.button = button;
        this.nav = nav;
        if (!button || !nav) {
            return;
        }
        if (link) {
            link.hidden = true;
        }
        button.hidden = false;
        button.addEventListener("click", () => this.toggle());
        document.addEventListener("keydown", event => {
            if (event.key === "Escape" && this.isOpen) {
                this.close();
                this.button.focus();
            }
        });
    }

    get isOpen() {
        return document.body.classList.contains("menu-open");
    }

    toggle() {
        if (this.isOpen) {
            this.close();
        } else {
            document.body.classList.add("menu-open");
            this.button.setAttribute("aria-expanded", "true");
            const link = this.nav.querySelector("a[aria-current]") || this.nav.querySelector("a");
            link?.focus();
        }
    }

    close() {
        if (!this.button) {
            return;
        }
        document.body.classList.remove("menu-open");
        this.button.setAttribute("aria-expanded", "false");
    }
}
