using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.LoadTest;

/// <summary>
/// One real SignalR WebSocket connection to <c>/hubs/chat</c> (negotiated, cookie-authenticated). Pushed
/// <c>message</c> calls go straight to the <see cref="DeliveryTracker"/> with the receive timestamp.
/// </summary>
public sealed class LoadConnection : ILoadConnection
{
    private readonly HubConnection _hub;
    private readonly DeliveryTracker _tracker;
    private readonly int _receiver;
    private int _closed;

    /// <summary>
    /// Builds (does not start) a connection to <paramref name="baseUrl"/> as <paramref name="account"/>; with
    /// <paramref name="skipNegotiation"/> it opens the WebSocket at once, as Chapp's browser page does.
    /// </summary>
    public LoadConnection(Uri baseUrl, Account account, HttpMessageHandler sharedHandler, DeliveryTracker tracker, int receiver, bool skipNegotiation = false)
    {
        _tracker = tracker;
        _receiver = receiver;
        _hub = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, "hubs/chat"), HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = skipNegotiation;
                o.Headers["Cookie"] = account.CookieHeader;
                o.HttpMessageHandlerFactory = _ => new SharedHandler(sharedHandler);
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.PropertyNameCaseInsensitive = true)
            .Build();
        _hub.ServerTimeout = TimeSpan.FromSeconds(120);
        _hub.HandshakeTimeout = TimeSpan.FromSeconds(60);
        if (receiver >= 0)
        {
            _hub.On<Delivery>("message", OnMessage);
            _hub.On<Delivery[]>("messages", OnMessages);
        }
        else
        {
            _hub.On<Delivery>("message", static _ => { });
            _hub.On<Delivery[]>("messages", static _ => { });
        }

        // Presence lists and inbox frames are not measured; a handler keeps the client from failing to bind each one.
        _hub.On<System.Text.Json.JsonElement>("presence", static _ => { });
        _hub.On<System.Text.Json.JsonElement>("user", static _ => { });
        _hub.On<System.Text.Json.JsonElement>("activity", static _ => { });

        _hub.Closed += _ =>
        {
            Interlocked.Exchange(ref _closed, 1);
            return Task.CompletedTask;
        };
    }

    /// <summary>True once the connection closed (by error or on dispose).</summary>
    public bool Closed => Volatile.Read(ref _closed) != 0;

    /// <summary>True once it connected.</summary>
    public bool Started { get; private set; }

    /// <summary>Connects (negotiate + WebSocket + handshake).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _hub.StartAsync(cancellationToken);
        Started = true;
    }

    /// <summary>OpenInbox(): the user's rooms, and from now on their "user" and "activity" frames.</summary>
    public Task OpenInboxAsync(CancellationToken cancellationToken) =>
        _hub.InvokeAsync<System.Text.Json.JsonElement>("OpenInbox", cancellationToken);

    /// <summary>JoinRoom(roomId, 0).</summary>
    public Task JoinAsync(string room, CancellationToken cancellationToken) =>
        _hub.InvokeAsync<JoinAck>("JoinRoom", room, 0L, cancellationToken);

    /// <summary>Send(roomId, text, clientMessageId); completes with the stored message.</summary>
    public Task<Delivery> SendAsync(string room, string text, string clientMessageId) =>
        _hub.InvokeAsync<Delivery>("Send", room, text, clientMessageId);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _closed, 1);
        await _hub.DisposeAsync();
    }

    private void OnMessage(Delivery delivery)
    {
        _tracker.RecordFrame(_receiver);
        _tracker.Record(_receiver, delivery, Clock.Now);
    }

    // Messages that queued up behind a send arrive as one frame; each is still one delivery.
    private void OnMessages(Delivery[] deliveries)
    {
        var now = Clock.Now;
        _tracker.RecordFrame(_receiver);
        foreach (var delivery in deliveries)
        {
            _tracker.Record(_receiver, delivery, now);
        }
    }
}
