using System.Collections.Concurrent;
using System.Diagnostics;
using Chapp.Grains;
using Chapp.Web.Chat;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chapp.Web.Tests.Cluster;

/// <summary>
/// One chatting user in a drill, behaving like chat.js: sends one message at a time and, when a send fails, retries
/// it with the same client message id until it is acknowledged; shows what arrives live and fills gaps from the log.
/// It records when each message arrived live, so a drill can tell when live delivery came back.
/// </summary>
public sealed class DrillClient : IAsyncDisposable
{
    private readonly TestUser _user;
    private readonly HubConnection _connection;
    private readonly string _roomId;
    private readonly Stopwatch _clock;
    private readonly ConcurrentDictionary<long, ChatMessage> _seen = new();
    private readonly ConcurrentQueue<(long Seq, TimeSpan At)> _live = new();
    private readonly List<Ack> _acked = [];

    private DrillClient(TestUser user, HubConnection connection, string roomId, Stopwatch clock)
    {
        _user = user;
        _connection = connection;
        _roomId = roomId;
        _clock = clock;
        connection.On<ChatMessage>("message", m => OnLive([m]));
        connection.On<ChatMessage[]>("messages", OnLive);
    }

    /// <summary>The user's name.</summary>
    public string UserName => _user.UserName;

    /// <summary>Messages this client's sends stored, in order.</summary>
    public IReadOnlyList<Ack> Acked => _acked;

    /// <summary>Every message this client shows, by seq.</summary>
    public IReadOnlyList<ChatMessage> Shown => _seen.Values.OrderBy(m => m.Seq).ToArray();

    /// <summary>When each message arrived live (not filled from the log), in arrival order (drill clock).</summary>
    public IReadOnlyCollection<(long Seq, TimeSpan At)> Live => _live;

    /// <summary>Seqs that arrived again with a different message than the one shown: must stay empty.</summary>
    public ConcurrentBag<long> Conflicts { get; } = [];

    /// <summary>How many sends failed and were retried.</summary>
    public int Retries { get; private set; }

    /// <summary>Connects <paramref name="user"/> to the hub at <paramref name="server"/> and joins the room.</summary>
    public static async Task<DrillClient> ConnectAsync(TestUser user, Uri server, string roomId, Stopwatch clock)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "hubs/chat"), o => o.Cookies = user.Cookies)
            .Build();
        var client = new DrillClient(user, connection, roomId, clock);
        await connection.StartAsync();
        var joined = await connection.InvokeAsync<Joined>("JoinRoom", roomId, 0L);
        foreach (var message in joined.Messages)
        {
            client._seen.TryAdd(message.Seq, message);
        }

        return client;
    }

    /// <summary>Sends numbered messages one after another, retrying each until stored, until <paramref name="stop"/>.</summary>
    public async Task SendUntilAsync(CancellationToken stop, TimeSpan pause)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var clientMessageId = Guid.NewGuid().ToString("N");
            var text = $"{UserName} #{i}";
            var firstAttempt = _clock.Elapsed;
            while (true)
            {
                var attempt = _clock.Elapsed;
                try
                {
                    // No client timeout, as in chat.js: a call the cluster cannot answer fails when the silo is declared dead.
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    var stored = await _connection.InvokeAsync<ChatMessage>("Send", _roomId, text, clientMessageId, timeout.Token);
                    lock (_acked)
                    {
                        _acked.Add(new Ack(stored, firstAttempt, attempt, _clock.Elapsed));
                    }

                    Show(stored);
                    break;
                }
                catch (Exception) when (_connection.State == HubConnectionState.Connected)
                {
                    // As chat.js does: keep the message pending and send it again with the same id.
                    Retries++;
                    await Task.Delay(250, CancellationToken.None);
                }
            }

            await Task.Delay(pause, CancellationToken.None);
        }
    }

    /// <summary>Fills every gap up to <paramref name="lastSeq"/> from the log, as chat.js does on seeing a jump.</summary>
    public async Task FillUpToAsync(long lastSeq)
    {
        for (var attempts = 0; attempts < 50; attempts++)
        {
            var contiguous = 0L;
            while (_seen.ContainsKey(contiguous + 1))
            {
                contiguous++;
            }

            if (contiguous >= lastSeq)
            {
                return;
            }

            foreach (var message in await _connection.InvokeAsync<ChatMessage[]>("GetMissed", _roomId, contiguous))
            {
                Show(message);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _user.DisposeAsync();
    }

    /// <summary>One acknowledged send, with drill-clock times of its first and last attempt and of the acknowledgement.</summary>
    // The part of the join answer the drill reads (its messages as the stored messages they are).
    private sealed record Joined(ChatMessage[] Messages);

    public sealed record Ack(ChatMessage Message, TimeSpan FirstAttempt, TimeSpan LastAttempt, TimeSpan At);

    private void Show(ChatMessage message)
    {
        if (!_seen.TryAdd(message.Seq, message) && _seen[message.Seq].Id != message.Id)
        {
            Conflicts.Add(message.Seq);
        }
    }

    private void OnLive(ChatMessage[] messages)
    {
        foreach (var message in messages)
        {
            _live.Enqueue((message.Seq, _clock.Elapsed));
            Show(message);
        }
    }
}
