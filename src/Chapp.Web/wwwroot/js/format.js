// Chapp message formatting: links and mentions of the reader, built with DOM APIs only (user text is only ever set
// as text, never parsed as HTML). The same rules as the server's Formatting/MessageFormat.cs; a test runs one corpus
// through both. window.chappFormat.text(text, me) returns a DocumentFragment.
(() => {
    "use strict";

    const MAX_LINK_LENGTH = 2048;
    const TRAILING = ".,;:!?'\"*";
    const LINK = /(?<![A-Za-z0-9_])https?:\/\/[^\s<>"\p{Cc}\p{Cf}]+/giu;
    const AUTHORITY = /^[\p{L}\p{N}](?:[\p{L}\p{N}.-]*[\p{L}\p{N}])?(?::[0-9]{1,5})?$/u;
    const MENTION = /(?<![A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{3,32})(?![A-Za-z0-9_-])/g;

    const count = (s, c) => s.split(c).length - 1;

    function trimTrailing(url) {
        for (;;) {
            const last = url[url.length - 1];
            if (TRAILING.includes(last)
                || (last === ")" && count(url, ")") > count(url, "("))
                || (last === "]" && count(url, "]") > count(url, "["))) {
                url = url.slice(0, -1);
                continue;
            }
            return url;
        }
    }

    function hasPlainHost(url) {
        const rest = url.slice(url.indexOf("://") + 3);
        const end = rest.search(/[/?#]/);
        return AUTHORITY.test(end < 0 ? rest : rest.slice(0, end));
    }

    function addPlain(segments, plain, me) {
        if (plain.length === 0) {
            return;
        }
        let start = 0;
        if (me) {
            for (const match of plain.matchAll(MENTION)) {
                const name = match[1].replace(/\.+$/, "");
                if (name.toLowerCase() !== me.toLowerCase()) {
                    continue;
                }
                if (match.index > start) {
                    segments.push({ kind: "text", text: plain.slice(start, match.index) });
                }
                segments.push({ kind: "mention", text: "@" + name });
                start = match.index + 1 + name.length;
            }
        }
        if (start < plain.length) {
            segments.push({ kind: "text", text: plain.slice(start) });
        }
    }

    // [{ kind: "text" | "link" | "mention", text, href? }]
    function segments(text, me) {
        const result = [];
        let plainStart = 0;
        for (const match of text.matchAll(LINK)) {
            const url = trimTrailing(match[0]);
            if (url.length > MAX_LINK_LENGTH || !hasPlainHost(url)) {
                continue;
            }
            addPlain(result, text.slice(plainStart, match.index), me);
            result.push({ kind: "link", text: url, href: url });
            plainStart = match.index + url.length;
        }
        addPlain(result, text.slice(plainStart), me);
        return result;
    }

    function text(value, me) {
        const fragment = document.createDocumentFragment();
        for (const segment of segments(String(value ?? ""), me || "")) {
            if (segment.kind === "link") {
                const a = document.createElement("a");
                a.href = segment.href;
                a.textContent = segment.text;
                a.rel = "noopener noreferrer nofollow";
                a.target = "_blank";
                fragment.append(a);
            } else if (segment.kind === "mention") {
                const mark = document.createElement("mark");
                mark.className = "mention";
                mark.textContent = segment.text;
                fragment.append(mark);
            } else {
                fragment.append(document.createTextNode(segment.text));
            }
        }
        return fragment;
    }

    window.chappFormat = { text, segments };
})();
