using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;

namespace Chapp.LoadTest;

/// <summary>
/// A receive-only connection to <c>/hubs/chat</c> that speaks SignalR's JSON hub protocol over a bare
/// <see cref="ClientWebSocket"/> (<c>--raw-receivers</c>): the same frames reach the same tracker, for a fraction of
/// the client's CPU, so at 100,000 deliveries a second the tool measures the server, not itself.
/// </summary>
/// <remarks>
/// It opens the WebSocket without negotiating, as Chapp's page does, and pings every 15 s as the .NET client does (the
/// server drops a client silent for 30 s). Deliveries are timestamped when their WebSocket message is read, before
/// parsing; the .NET client timestamps them after binding, in its handler.
/// </remarks>
public sealed class RawReceiver : ILoadConnection
{
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
    private static readonly TimeSpan PingPeriod = TimeSpan.FromSeconds(15);

    private readonly Uri _hubUrl;
    private readonly DeliveryTracker _tracker;
    private readonly int _receiver;
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _invocations = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly HubFrameReader _frames;
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _receivedAt;
    private int _nextInvocation;
    private int _closed;
    private Task _receiving = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;

    /// <summary>Builds (does not start) a receiver to <paramref name="baseUrl"/>, signed in by <paramref name="cookieHeader"/>.</summary>
    public RawReceiver(Uri baseUrl, string cookieHeader, DeliveryTracker tracker, int receiver)
    {
        var http = new Uri(baseUrl, "hubs/chat");
        _hubUrl = new UriBuilder(http) { Scheme = http.Scheme == "https" ? "wss" : "ws" }.Uri;
        _tracker = tracker;
        _receiver = receiver;
        _socket.Options.SetRequestHeader("Cookie", cookieHeader);
        _socket.Options.KeepAliveInterval = Timeout.InfiniteTimeSpan;
        _frames = new HubFrameReader
        {
            OnDeliveries = OnDeliveries,
            OnCompletion = OnCompletion,
            OnClose = _ => Interlocked.Exchange(ref _closed, 1),
            OnHandshake = error =>
            {
                if (error is null)
                {
                    _handshake.TrySetResult();
                }
                else
                {
                    _handshake.TrySetException(new WebSocketException("Handshake refused: " + error));
                }
            },
        };
    }

    /// <inheritdoc />
    public bool Started { get; private set; }

    /// <inheritdoc />
    public bool Closed => Volatile.Read(ref _closed) != 0;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _socket.ConnectAsync(_hubUrl, cancellationToken);
        await SendAsync(Handshake, cancellationToken);
        _receiving = Task.Run(ReceiveAsync, CancellationToken.None);
        await _handshake.Task.WaitAsync(cancellationToken);
        _pinging = Task.Run(PingAsync, CancellationToken.None);
        Started = true;
    }

    /// <inheritdoc />
    public Task JoinAsync(string room, CancellationToken cancellationToken) =>
        InvokeAsync("JoinRoom", $"[{System.Text.Json.JsonSerializer.Serialize(room)},0]", cancellationToken);

    /// <inheritdoc />
    public Task OpenInboxAsync(CancellationToken cancellationToken) => InvokeAsync("OpenInbox", "[]", cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _closed, 1);
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException or ObjectDisposedException)
        {
        }

        _socket.Abort();
        await Task.WhenAll(_receiving, _pinging).ContinueWith(static _ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _sendLock.Dispose();
        _stop.Dispose();
    }

    private async Task InvokeAsync(string target, string argumentsJson, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextInvocation).ToString(CultureInfo.InvariantCulture);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[id] = done;
        var frame = Encoding.UTF8.GetBytes($"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":\"{target}\",\"arguments\":{argumentsJson}}}\u001e");
        await SendAsync(frame, cancellationToken);
        await done.Task.WaitAsync(cancellationToken);
    }

    private async Task SendAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveAsync()
    {
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(_frames.GetMemory(), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                _receivedAt = Clock.Now;
                _frames.Advance(result.Count);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException or InvalidDataException)
        {
            _handshake.TrySetException(e);
        }
        finally
        {
            // Closed before any answer: the handshake cannot succeed any more.
            _handshake.TrySetException(new WebSocketException("The server closed the connection during the handshake."));
            Interlocked.Exchange(ref _closed, 1);
            foreach (var pending in _invocations.Values)
            {
                pending.TrySetException(new WebSocketException("The connection closed before the call completed."));
            }
        }
    }

    private async Task PingAsync()
    {
        using var timer = new PeriodicTimer(PingPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await SendAsync(Ping, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private void OnDeliveries(List<Delivery> deliveries)
    {
        if (_receiver < 0)
        {
            return;
        }

        _tracker.RecordFrame(_receiver);
        foreach (var delivery in deliveries)
        {
            _tracker.Record(_receiver, delivery, _receivedAt);
        }
    }

    private void OnCompletion(string invocationId, string? error)
    {
        if (_invocations.TryRemove(invocationId, out var pending))
        {
            if (error is null)
            {
                pending.TrySetResult();
            }
            else
            {
                pending.TrySetException(new InvalidOperationException($"The hub refused the call: {error}"));
            }
        }
    }
}
