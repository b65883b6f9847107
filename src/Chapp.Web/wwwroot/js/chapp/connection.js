// The page's one hub connection: started at load, kept open (automatic reconnects with backoff, and a start loop
// that never gives up), and told apart when the browser knows it is offline. Room panes, the sidebar and other
// scripts (window.chapp.connection) share it; each re-syncs from its own position in onConnected.

/** Backoff of the attempt-th retry: up to 10 s, with jitter so a restarted server is not stampeded. */
export function backoff(attempt) {
    return Math.min(10000, 250 * 2 ** Math.min(attempt, 6)) + Math.floor(Math.random() * 250);
}

export const delay = ms => new Promise(resolve => setTimeout(resolve, ms));

/** The user-facing text of a refusal (a HubException), or null when the call failed for another reason. */
export function refusal(error) {
    const text = String(error && error.message || "");
    const at = text.indexOf("HubException: ");
    return at >= 0 ? text.slice(at + "HubException: ".length) : null;
}

/** The shared connection and its state: "connected", "reconnecting" or "offline". */
export class ChappConnection {
    constructor(hubUrl) {
        this.hub = new signalR.HubConnectionBuilder()
            // Straight to a WebSocket, no negotiate request: a negotiated connection id lives only on the node that
            // issued it, so behind a balancer without sticky sessions the WebSocket could land on a node that never
            // heard of it. One request, one node: any balancer works.
            .withUrl(hubUrl, { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
            .configureLogging(signalR.LogLevel.Warning)
            .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => backoff(ctx.previousRetryCount) })
            .build();
        this.state = "offline";
        this._statusListeners = [];
        this._connectedListeners = [];
        this._starting = false;

        this.hub.onreconnecting(() => this._setState(navigator.onLine ? "reconnecting" : "offline"));
        this.hub.onreconnected(() => this._connected());
        this.hub.onclose(() => {
            this._setState("offline");
            this.start();
        });
        // The browser knows before the socket does: drop the connection now and come back as soon as the network does.
        window.addEventListener("offline", () => {
            this._setState("offline");
            this.hub.stop();
        });
        window.addEventListener("online", () => {
            if (this.hub.state === signalR.HubConnectionState.Disconnected) {
                this.start();
            }
        });
    }

    get isConnected() {
        return this.hub.state === signalR.HubConnectionState.Connected;
    }

    /** Calls listener(state) on every change of state. */
    onStatus(listener) {
        this._statusListeners.push(listener);
    }

    /** Calls listener() after every start and reconnect (and at once when connected now). */
    onConnected(listener) {
        this._connectedListeners.push(listener);
        if (this.isConnected) {
            Promise.resolve().then(listener);
        }
    }

    invoke(method, ...args) {
        return this.hub.invoke(method, ...args);
    }

    on(method, handler) {
        this.hub.on(method, handler);
    }

    /** Starts the connection and keeps trying for as long as the page is open. */
    async start() {
        if (this._starting) {
            return;
        }
        this._starting = true;
        try {
            for (let attempt = 0; ; attempt++) {
                if (!navigator.onLine) {
                    this._setState("offline");
                    await waitForOnline(backoff(attempt));
                    continue;
                }
                try {
                    await this.hub.start();
                    break;
                } catch {
                    this._setState(attempt === 0 ? "offline" : "reconnecting");
                    await delay(backoff(attempt));
                }
            }
        } finally {
            this._starting = false;
        }
        this._connected();
    }

    _connected() {
        this._setState("connected");
        for (const listener of this._connectedListeners) {
            try {
                const result = listener();
                if (result && typeof result.catch === "function") {
                    result.catch(error => console.error(error));
                }
            } catch (error) {
                console.error(error);
            }
        }
    }

    _setState(state) {
        this.state = state;
        for (const listener of this._statusListeners) {
            listener(state);
        }
    }
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
