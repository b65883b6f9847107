// Chapp room page: live delivery, sending with retry-safe ids, gap filling after reconnects, older pages.
// Everything the page needs comes from data- attributes; message text is only ever set with textContent.
(() => {
    "use strict";

    const root = document.getElementById("chat");
    if (!root || typeof signalR === "undefined") {
        return;
    }

    const roomId = root.dataset.roomId;
    const me = (root.dataset.userName || "").toLowerCase();
    const list = document.getElementById("messages");
    const statusEl = document.getElementById("connection-status");
    const historyStatus = document.getElementById("history-status");
    const form = document.getElementById("composer");
    const textarea = document.getElementById("composer-text");
    const sendButton = document.getElementById("composer-send");
    const reason = document.getElementById("composer-reason");
    const presenceEl = document.getElementById("presence");

    const PAGE = 50;
    const PRESENCE_NAMES = 20; // names listed before "and N more": the lobby may hold thousands
    const CATCH_UP = 200;
    const shown = new Set();
    const pending = new Map(); // clientMessageId -> { text, li, inFlight }
    let highest = 0;
    // The end of the unbroken run of messages shown: everything up to it is on the page. Resuming and gap filling
    // start here, not at `highest`, so a gap whose fill was cut off by a disconnect is filled after the reconnect.
    let contiguous = 0;
    let lowest = Number.POSITIVE_INFINITY;
    let hasOlder = list.dataset.hasOlder === "true";
    let joined = false;
    let refused = false;
    let loadingOlder = false;
    let starting = false;

    // ----- rendering -----

    const sameDay = (a, b) => a.toDateString() === b.toDateString();

    function localize(timeEl) {
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

    function build(msg) {
        const li = document.createElement("li");
        li.className = (msg.author || "").toLowerCase() === me ? "message own" : "message";
        li.dataset.seq = String(msg.seq);
        const meta = document.createElement("div");
        meta.className = "meta";
        // The display name is isolated (<bdi>) so right-to-left text cannot reorder what follows it, and the
        // @user name, unique and plain ASCII, is always next to it: a display name alone can copy anyone's.
        const author = document.createElement("span");
        author.className = "author";
        const displayName = document.createElement("bdi");
        displayName.className = "display-name";
        displayName.textContent = msg.authorName;
        const handle = document.createElement("span");
        handle.className = "handle";
        handle.textContent = "(@" + msg.author + ")";
        author.append(displayName, " ", handle);
        const time = document.createElement("time");
        time.dateTime = new Date(msg.sentAt).toISOString();
        localize(time);
        meta.append(author, " ", time);
        const text = document.createElement("p");
        text.className = "text";
        // Links and mentions (format.js), built with DOM APIs; plain text when it is not loaded.
        if (window.chappFormat) {
            text.append(window.chappFormat.text(msg.text, me));
        } else {
            text.textContent = msg.text;
        }
        li.append(meta, text);
        return li;
    }

    function nearBottom() {
        return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    }

    function scrollToBottom() {
        list.scrollTop = list.scrollHeight;
    }

    // Inserts a stored message in sequence order; a sequence number already shown is ignored.
    function render(msg) {
        if (!msg || msg.roomId !== roomId) {
            return false;
        }
        if ((msg.author || "").toLowerCase() === me && pending.has(msg.clientMessageId)) {
            pending.get(msg.clientMessageId).li.remove();
            pending.delete(msg.clientMessageId);
        }
        if (shown.has(msg.seq)) {
            return false;
        }
        shown.add(msg.seq);
        const li = build(msg);
        let after = null;
        for (let node = list.lastElementChild; node; node = node.previousElementSibling) {
            if (node.dataset.seq && Number(node.dataset.seq) < msg.seq) {
                after = node;
                break;
            }
        }
        if (after) {
            after.after(li);
        } else {
            list.prepend(li);
        }
        highest = Math.max(highest, msg.seq);
        lowest = Math.min(lowest, msg.seq);
        while (shown.has(contiguous + 1)) {
            contiguous++;
        }
        return true;
    }

    function renderAll(messages) {
        const stick = nearBottom();
        for (const msg of messages) {
            render(msg);
        }
        if (stick) {
            scrollToBottom();
        }
    }

    for (const li of list.querySelectorAll("li[data-seq]")) {
        const seq = Number(li.dataset.seq);
        shown.add(seq);
        highest = Math.max(highest, seq);
        lowest = Math.min(lowest, seq);
    }
    contiguous = highest; // the server renders an unbroken page
    list.querySelectorAll("time").forEach(localize);
    scrollToBottom();

    // ----- presence -----

    // "N online" and the names; names are user input, so textContent only.
    function showPresence(presence) {
        if (!presence || presence.roomId !== roomId || !Array.isArray(presence.userNames)) {
            return;
        }
        const names = presence.userNames;
        const count = document.createElement("span");
        count.className = "presence-count";
        count.textContent = names.length + " online";
        const listed = document.createElement("span");
        listed.className = "presence-names";
        const more = names.length - PRESENCE_NAMES;
        listed.textContent = names.slice(0, PRESENCE_NAMES).join(", ") + (more > 0 ? " and " + more + " more" : "");
        presenceEl.replaceChildren(count, " ", listed);
    }

    // ----- connection -----

    const connection = new signalR.HubConnectionBuilder()
        // Straight to a WebSocket, no negotiate request: a negotiated connection id lives only on the node that
        // issued it, so behind a balancer without sticky sessions the WebSocket could land on a node that never
        // heard of it. One request, one node: any balancer works.
        .withUrl(root.dataset.hubUrl, { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
        .configureLogging(signalR.LogLevel.Warning)
        .withAutomaticReconnect({
            // Never give up: back off up to 10 s, with jitter so a restarted server is not stampeded.
            nextRetryDelayInMilliseconds: ctx => backoff(ctx.previousRetryCount),
        })
        .build();
    // Shared with the page's other scripts (members.js, mentions.js).
    window.chapp = Object.assign(window.chapp || {}, { connection });

    function backoff(attempt) {
        return Math.min(10000, 250 * 2 ** Math.min(attempt, 6)) + Math.floor(Math.random() * 250);
    }

    const delay = ms => new Promise(resolve => setTimeout(resolve, ms));

    const STATUS_TEXT = { connected: "Connected", reconnecting: "Reconnecting…", offline: "Offline" };

    function setStatus(state) {
        statusEl.dataset.state = state;
        statusEl.className = "status status-" + state;
        statusEl.textContent = STATUS_TEXT[state];
        // While disconnected the list may be out of date; rejoining brings the current one.
        presenceEl.classList.toggle("stale", state !== "connected");
        const usable = state === "connected" && joined && !refused;
        textarea.disabled = !usable;
        sendButton.disabled = !usable;
        if (refused) {
            return;
        }
        if (state === "connected") {
            reason.textContent = usable ? "" : "Joining the room…";
        } else if (state === "reconnecting") {
            reason.textContent = "Connection lost. Reconnecting; you can send again once connected.";
        } else {
            reason.textContent = "You are offline. You can send again once the connection is back.";
        }
    }

    // HubException messages are meant for the user; anything else is a lost connection.
    function refusal(error) {
        const text = String(error && error.message || "");
        const at = text.indexOf("HubException: ");
        return at >= 0 ? text.slice(at + "HubException: ".length) : null;
    }

    async function fillFrom(afterSeq) {
        let after = afterSeq;
        for (;;) {
            const missed = await connection.invoke("GetMissed", roomId, after);
            renderAll(missed);
            if (missed.length < CATCH_UP) {
                return;
            }
            after = missed[missed.length - 1].seq;
        }
    }

    async function afterConnect() {
        joined = false;
        setStatus("connected");
        try {
            const result = await connection.invoke("JoinRoom", roomId, contiguous);
            renderAll(result.messages);
            if (result.hasMore || contiguous < highest) {
                await fillFrom(contiguous);
            }
            joined = true;
            setStatus("connected");
            document.dispatchEvent(new CustomEvent("chapp:room-opened", { detail: { roomId, view: result.room } }));
            for (const id of pending.keys()) {
                trySend(id);
            }
        } catch (error) {
            const text = refusal(error);
            if (text) {
                refused = true;
                reason.textContent = text;
                setStatus("connected");
            }
            // Otherwise the connection dropped mid-join; the reconnect brings us back here.
        }
    }

    // The server sends "message" with one message, or "messages" with several when they queued up behind a send.
    function onLive(batch) {
        const mine = batch.filter(msg => msg && msg.roomId === roomId);
        if (mine.length === 0) {
            return;
        }
        const gapFrom = joined && mine[0].seq > contiguous + 1 ? contiguous : null;
        renderAll(mine);
        if (gapFrom !== null) {
            fillFrom(gapFrom).catch(() => { /* the next reconnect fills it */ });
        }
    }

    connection.on("message", msg => onLive([msg]));
    connection.on("messages", batch => onLive(Array.isArray(batch) ? batch : []));
    connection.on("presence", showPresence);

    connection.onreconnecting(() => {
        joined = false;
        setStatus(navigator.onLine ? "reconnecting" : "offline");
    });
    connection.onreconnected(() => afterConnect());
    connection.onclose(() => {
        joined = false;
        setStatus("offline");
        startLoop();
    });

    // Starts the connection and keeps trying for as long as the page is open.
    async function startLoop() {
        if (starting) {
            return;
        }
        starting = true;
        try {
            for (let attempt = 0; ; attempt++) {
                if (!navigator.onLine) {
                    setStatus("offline");
                    await waitForOnline(backoff(attempt));
                    continue;
                }
                try {
                    await connection.start();
                    break;
                } catch {
                    setStatus(attempt === 0 ? "offline" : "reconnecting");
                    await delay(backoff(attempt));
                }
            }
        } finally {
            starting = false;
        }
        await afterConnect();
    }

    function waitForOnline(ms) {
        return new Promise(resolve => {
            const done = () => {
                window.removeEventListener("online", done);
                resolve();
            };
            window.addEventListener("online", done);
            setTimeout(done, ms);
        });
    }

    // The browser knows before the socket does: drop the connection now and come back as soon as the network does.
    window.addEventListener("offline", () => {
        joined = false;
        setStatus("offline");
        connection.stop();
    });
    window.addEventListener("online", () => {
        if (connection.state === signalR.HubConnectionState.Disconnected) {
            startLoop();
        }
    });

    // ----- sending -----

    function newId() {
        if (window.crypto && typeof window.crypto.randomUUID === "function") {
            return window.crypto.randomUUID();
        }
        const bytes = new Uint8Array(16);
        window.crypto.getRandomValues(bytes);
        return Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
    }

    function pendingItem(text) {
        const li = document.createElement("li");
        li.className = "message own pending";
        const meta = document.createElement("div");
        meta.className = "meta";
        const state = document.createElement("span");
        state.className = "pending-state";
        state.textContent = "Sending…";
        meta.append(state);
        const body = document.createElement("p");
        body.className = "text";
        body.textContent = text;
        li.append(meta, body);
        return li;
    }

    async function trySend(id) {
        const item = pending.get(id);
        if (!item || item.inFlight || connection.state !== signalR.HubConnectionState.Connected || !joined) {
            return;
        }
        item.inFlight = true;
        try {
            const stored = await connection.invoke("Send", roomId, item.text, id);
            item.li.remove();
            pending.delete(id);
            renderAll([stored]);
        } catch (error) {
            item.inFlight = false;
            const text = refusal(error);
            if (text) {
                pending.delete(id);
                item.li.classList.replace("pending", "failed");
                item.li.querySelector(".pending-state").textContent = "Not sent: " + text;
                return;
            }
            // Not refused: the server could not store it yet, or the connection dropped. It stays pending and is sent
            // again with the same id (stored once): after a backoff while connected, or by the reconnect handler.
            item.attempts = (item.attempts || 0) + 1;
            item.li.querySelector(".pending-state").textContent = "Not stored yet, retrying…";
            setTimeout(() => trySend(id), Math.min(10000, 250 * 2 ** item.attempts));
        }
    }

    function send() {
        const text = textarea.value;
        if (!text.trim()) {
            reason.textContent = "A message cannot be empty.";
            return;
        }
        reason.textContent = "";
        const id = newId();
        const li = pendingItem(text);
        list.append(li);
        scrollToBottom();
        pending.set(id, { text, li, inFlight: false });
        textarea.value = "";
        trySend(id);
    }

    form.addEventListener("submit", event => {
        event.preventDefault();
        send();
    });
    textarea.addEventListener("keydown", event => {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            send();
        }
    });

    // ----- older pages -----

    async function loadOlder() {
        if (loadingOlder || !hasOlder || !joined || !Number.isFinite(lowest)) {
            return;
        }
        loadingOlder = true;
        historyStatus.textContent = "Loading older messages…";
        try {
            const older = await connection.invoke("GetOlder", roomId, lowest);
            const before = list.scrollHeight;
            for (const msg of older) {
                render(msg);
            }
            list.scrollTop += list.scrollHeight - before;
            hasOlder = older.length >= PAGE && lowest > 1;
            historyStatus.textContent = hasOlder ? "" : "This is the beginning of the room.";
        } catch {
            historyStatus.textContent = "Could not load older messages. Scroll up to try again.";
        } finally {
            loadingOlder = false;
        }
    }

    list.addEventListener("scroll", () => {
        if (list.scrollTop < 40) {
            loadOlder();
        }
    });

    setStatus("offline");
    startLoop();
})();
