using System.Threading.Channels;
using Chapp.Grains;
using Chapp.Web.Chat.Users;
using Chapp.Web.Chat.Presence;
using Chapp.Web.Chat.Typing;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;

namespace Chapp.Web.Chat.Rooms;

/// <summary>
/// One room's live feed in this web process: its two Orleans stream subscriptions (the room's messages, and its side
/// stream of presence, description changes and typing notices; see <see cref="IRoomSideEvent"/>), and the pumps
/// that carry what they bring to the room's recipients. <see cref="RoomSubscriptions"/> opens it for the room's first
/// local connection and disposes it when the last one leaves.
/// </summary>
/// <remarks>
/// Messages go through one <see cref="DeliveryPump"/>: to an idle room at once as <c>"message"</c>, and what arrives
/// while a send is in flight together in the next one as <c>"messages"</c>. Every recipient of a room's messages is
/// served from <see cref="DeliverAsync"/>, so a second kind of recipient is one more send there, fed by the same
/// subscription and the same batches.
/// </remarks>
public sealed partial class RoomFeed : IAsyncDisposable
{
    // This process, in every feed's tag: a tag names one feed of one process across the cluster.
    private static readonly string ProcessTag = Guid.NewGuid().ToString("N");
    private static long _feeds;

    private readonly string _roomId;
    private readonly IStreamProvider _streams;
    private readonly IHubContext<ChatHub> _hub;
    private readonly IClientProxy _room;
    private readonly ILogger<RoomFeed> _logger;
    private readonly Channel<ChatMessage> _messages =
        Channel.CreateUnbounded<ChatMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SeqGate _gate;
    private readonly PresenceFeed _presence;
    private readonly Func<int> _watchers;
    private readonly GateObserver _fromStream;
    private readonly IChatRoomGrain _grain;
    private readonly SiloAddress _process;
    private StreamSubscriptionHandle<ChatMessage>? _messageHandle;
    private StreamSubscriptionHandle<IRoomSideEvent>? _sideHandle;
    private TypingRelay? _typing;
    private Func<RoomChanged, StreamSequenceToken?, Task> _onChanged = (_, _) => Task.CompletedTask;

    private RoomFeed(
        string roomId, IClusterClient client, IHubContext<ChatHub> hub, Func<int> localConnections, Func<int> watchers, SiloAddress process, ILoggerFactory loggers)
    {
        _roomId = roomId;
        _grain = client.GetRoom(roomId);
        _process = process;
        Group = GroupName(roomId);
        _watchers = watchers;
        _streams = client.GetStreamProvider(ChappNames.StreamProvider);
        _hub = hub;
        // One proxy for the feed's life, not a proxy and a group name per delivered batch.
        _room = hub.Clients.Group(Group);
        _logger = loggers.CreateLogger<RoomFeed>();
        _gate = new SeqGate(_messages.Writer);
        Tag = ProcessTag + "/" + Interlocked.Increment(ref _feeds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _fromStream = new GateObserver(_gate);
        _presence = new PresenceFeed(roomId, Group, client, hub, localConnections, loggers.CreateLogger<PresenceFeed>());
    }

    /// <summary>The SignalR group of the connections that have <paramref name="roomId"/> open in this process.</summary>
    public static string GroupName(string roomId) => "room:" + roomId;

    /// <summary>
    /// The SignalR group of the inbox connections in this process whose user has <paramref name="roomId"/> in their list
    /// but not open on that connection: they get an <c>"activity"</c> frame instead of the messages.
    /// </summary>
    public static string ActivityGroupName(string roomId) => "activity:" + roomId;

    private string Group { get; }

    /// <summary>
    /// The filter data of this feed's message subscription: the stream's filter (<c>LocalCopyFilter</c>) asks
    /// <see cref="HasPassed"/> with it before delivering a copy.
    /// </summary>
    internal string Tag { get; }

    /// <summary>How many messages the room stream brought to this feed (tests).</summary>
    internal long FromStreamCount => _gate.FromStreamCount;

    private IAsyncStream<ChatMessage> MessageStream =>
        _streams.GetStream<ChatMessage>(StreamId.Create(ChappNames.RoomStreamNamespace, _roomId));

    private IAsyncStream<IRoomSideEvent> SideStream => RoomSideStream.Of(_streams, _roomId);

    /// <summary>
    /// Subscribes to the room's message and side streams, both or neither (a room counted as subscribed must get
    /// its messages and its presence), and starts delivering. <paramref name="localConnections"/> tells the presence
    /// pump how big the room is here, <paramref name="watchers"/> whether any inbox connection watches its activity;
    /// <paramref name="onChanged"/> takes the room's description changes (members, name, topic). With a
    /// <paramref name="typing"/> relay that crosses processes (a cluster), the feed hands it the room's typing notices.
    /// </summary>
    public static async Task<RoomFeed> OpenAsync(
        string roomId,
        IClusterClient client,
        IHubContext<ChatHub> hub,
        Func<int> localConnections,
        Func<int> watchers,
        Func<RoomChanged, StreamSequenceToken?, Task> onChanged,
        SiloAddress process,
        ILoggerFactory loggers,
        TypingRelay? typing = null)
    {
        var feed = new RoomFeed(roomId, client, hub, localConnections, watchers, process, loggers)
        {
            _onChanged = onChanged,
            _typing = typing is { AcrossProcesses: true } ? typing : null,
        };
        try
        {
            feed._messageHandle = await feed.MessageStream.SubscribeAsync(feed._fromStream, null, feed.Tag);
            feed._sideHandle = await feed.SideStream.SubscribeAsync(feed.OnSideAsync);
            // Subscribed first, so whatever the room stores after it hears this reaches the subscription.
            await feed._grain.ListenFrom(process);
        }
        catch
        {
            await feed.DisposeAsync();
            throw;
        }

        _ = DeliveryPump.RunAsync(
            feed._messages.Reader,
            feed.DeliverAsync,
            (error, batch) => feed.LogDeliveryFailed(error, batch[0].RoomId, batch[0].Seq));
        return feed;
    }

    /// <summary>
    /// Takes a batch the room grain in this process just stored, ahead of the stream, if it continues what this feed
    /// passed on (see <see cref="SeqGate"/>); otherwise the stream brings it. A batch the stream will not carry
    /// (<paramref name="only"/>: no other process listens) is taken whatever it continues.
    /// </summary>
    public void Offer(IReadOnlyList<ChatMessage> rows, bool only) => _gate.FromLocal(rows, only);

    /// <summary>
    /// True when <paramref name="tag"/> is this feed's subscription and its gate passed <paramref name="seq"/> on already:
    /// the stream's copy would be dropped here.
    /// </summary>
    public bool HasPassed(long seq, string tag) => string.Equals(tag, Tag, StringComparison.Ordinal) && _gate.HasPassed(seq);

    /// <summary>Sends the room's current presence to a connection that just joined.</summary>
    public Task SendPresenceToAsync(string connectionId) => _presence.SendLatestToAsync(connectionId);

    /// <summary>
    /// Subscribes again to each of the room's two streams whose subscription the cluster no longer knows (a silo crash
    /// loses the in-memory PubSub state), and returns how many it renewed. A failure is logged and left to the next round.
    /// </summary>
    public async Task<int> RepairAsync()
    {
        var repaired = 0;
        try
        {
            if (_messageHandle is { } messageHandle && !await Knows(MessageStream, messageHandle))
            {
                _messageHandle = await MessageStream.SubscribeAsync(_fromStream, null, Tag);
                // The room may be a new activation elsewhere that has not heard of this process's feed.
                await _grain.ListenFrom(_process);
                repaired++;
                LogRepaired(_roomId, ChappNames.RoomStreamNamespace);
            }

            if (_sideHandle is { } sideHandle && !await Knows(SideStream, sideHandle))
            {
                _sideHandle = await SideStream.SubscribeAsync(OnSideAsync);
                repaired++;
                LogRepaired(_roomId, ChappNames.RoomSideStreamNamespace);
            }
        }
        catch (Exception error)
        {
            // The next round tries again; the room's browsers still fill gaps from the log meanwhile.
            LogRepairFailed(error, _roomId);
        }

        return repaired;
    }

    /// <summary>Stops the pumps and unsubscribes from the room's streams.</summary>
    public async ValueTask DisposeAsync()
    {
        _messages.Writer.TryComplete();
        _presence.Complete();
        var (messageHandle, sideHandle) = (_messageHandle, _sideHandle);
        (_messageHandle, _sideHandle) = (null, null);
        try
        {
            if (messageHandle is not null)
            {
                await messageHandle.UnsubscribeAsync();
            }

            if (sideHandle is not null)
            {
                await sideHandle.UnsubscribeAsync();
            }
        }
        catch (Exception error)
        {
            // The silo cleans up a dead subscription lazily; a failed unsubscribe only costs it a wasted delivery.
            LogUnsubscribeFailed(error, _roomId);
        }
    }

    // Every recipient of the room's messages in this process: the connections that have the room open get the
    // messages; inbox connections watching it from outside get one small "activity" frame per batch (its new and deleted messages).
    // Each message is rendered here, once for the whole process, whatever the number of connections in the room.
    private async Task DeliverAsync(IReadOnlyList<ChatMessage> batch)
    {
        await (batch.Count == 1
            ? _room.SendAsync("message", MessageFrame.From(batch[0]))
            : _room.SendAsync("messages", MessageFrame.From(batch)));
        RecordDelivered(batch);
        // Edits and reactions are not new activity: the sidebar hears only of new and deleted messages.
        if (_watchers() > 0 && RoomActivity.From(_roomId, batch) is { } activity)
        {
            await _hub.Clients.Group(ActivityGroupName(_roomId)).SendAsync("activity", activity);
        }
    }

    private static void RecordDelivered(IReadOnlyList<ChatMessage> batch)
    {
        ChappMetrics.Deliveries.Add(batch.Count);
        var now = DateTimeOffset.UtcNow;
        // Indexed, not foreach: an interface's enumerator is an allocation per batch on the delivery path.
        for (var i = 0; i < batch.Count; i++)
        {
            // Across machines this includes their clock difference; on one machine it is the real post-to-fan-out time.
            ChappMetrics.DeliveryDuration.Record(Math.Max(0, (now - batch[i].SentAt).TotalSeconds));
        }
    }

    private static async Task<bool> Knows<T>(IAsyncStream<T> stream, StreamSubscriptionHandle<T> handle) =>
        (await stream.GetAllSubscriptionHandles()).Any(h => h.HandleId == handle.HandleId);

    // The side stream's callback: each kind to its own pump or relay, none waiting for SignalR, so the stream never
    // waits for a slow connection. Typing comes only in a cluster; a single process never publishes it.
    private Task OnSideAsync(IRoomSideEvent item, StreamSequenceToken? token)
    {
        switch (item)
        {
            case RoomPresence presence:
                _presence.Input.TryWrite(presence);
                return Task.CompletedTask;
            case RoomChanged change:
                return _onChanged(change, token);
            case TypingNotice notice:
                _typing?.Receive(notice);
                return Task.CompletedTask;
            default:
                return Task.CompletedTask;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: the cluster had lost this process's {Stream} subscription; subscribed again")]
    private partial void LogRepaired(string roomId, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the subscriptions of room {RoomId}")]
    private partial void LogRepairFailed(Exception error, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not unsubscribe from room {RoomId}")]
    private partial void LogUnsubscribeFailed(Exception error, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not deliver message {Seq} of room {RoomId}")]
    private partial void LogDeliveryFailed(Exception error, string roomId, long seq);
}
