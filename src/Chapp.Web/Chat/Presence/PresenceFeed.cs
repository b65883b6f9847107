using System.Diagnostics;
using System.Threading.Channels;
using Chapp.Grains;
using Microsoft.AspNetCore.SignalR;

namespace Chapp.Web.Chat.Presence;

/// <summary>
/// A room's presence on its way to the room's local connections: the lists the room's side stream brings go to
/// the SignalR group as <c>"presence"</c> (latest list wins), and a connection that just joined gets the current one.
/// One feed per presence subscription: a new subscription gets a new feed, so a late list of an old one can never pass
/// for the current list.
/// </summary>
public sealed partial class PresenceFeed
{
    private readonly string _roomId;
    private readonly string _group;
    private readonly IGrainFactory _grains;
    private readonly IHubContext<ChatHub> _hub;
    private readonly Func<int> _localConnections;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Channel<RoomPresence> _queue = Channel.CreateBounded<RoomPresence>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private RoomPresence? _latest;

    /// <summary>Starts the feed's pump; it runs until <see cref="Complete"/>.</summary>
    public PresenceFeed(
        string roomId, string group, IGrainFactory grains, IHubContext<ChatHub> hub, Func<int> localConnections, ILogger logger)
    {
        (_roomId, _group, _grains, _hub, _localConnections, _logger) = (roomId, group, grains, hub, localConnections, logger);
        _ = PumpAsync();
    }

    /// <summary>Where the room's side stream puts its presence lists.</summary>
    public ChannelWriter<RoomPresence> Input => _queue.Writer;

    /// <summary>Ends the pump (the room's last local connection left).</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>
    /// Sends the room's current presence to a connection that just joined, so it need not wait for the next change.
    /// It is the grain's list as this feed last forwarded it (asked from the grain when there is none yet), sent under
    /// the feed's gate: a newer list then always reaches the connection after it, never before.
    /// </summary>
    public async Task SendLatestToAsync(string connectionId)
    {
        await _gate.WaitAsync();
        try
        {
            _latest ??= new RoomPresence(_roomId, await _grains.GetRoomPresence(_roomId).Get());
            await _hub.Clients.Client(connectionId).SendAsync("presence", _latest);
        }
        catch (Exception error)
        {
            // Presence is a courtesy: the join itself succeeded, and the next change brings the list.
            LogPresenceFailed(error, _roomId);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Only the latest list matters: in a big room, lists that change faster than this share one frame, since each
    // frame carries every name to every local connection. 1 ms per local connection, at most 2 s.
    private async Task PumpAsync()
    {
        var lastFrame = 0L;
        while (await _queue.Reader.WaitToReadAsync())
        {
            var wait = TimeSpan.FromMilliseconds(Math.Min(2000, _localConnections())) - Stopwatch.GetElapsedTime(lastFrame);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            if (!_queue.Reader.TryRead(out var update))
            {
                continue;
            }

            lastFrame = Stopwatch.GetTimestamp();
            await _gate.WaitAsync();
            try
            {
                _latest = update;
                await _hub.Clients.Group(_group).SendAsync("presence", update);
            }
            catch (Exception error)
            {
                LogPresenceFailed(error, update.RoomId);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send the presence of room {RoomId}")]
    private partial void LogPresenceFailed(Exception error, string roomId);
}
