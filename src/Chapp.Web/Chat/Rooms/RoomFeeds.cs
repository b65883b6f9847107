using System.Collections.Concurrent;
using Chapp.Grains;
using Chapp.Web.Chat.Presence;
using Chapp.Web.Chat.Typing;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;

namespace Chapp.Web.Chat.Rooms;

/// <summary>
/// Reference counts of this process's rooms and the one <see cref="RoomFeed"/> each holds while anyone here is in
/// it or watches it: opened by the first, disposed by the last, and reported to <see cref="LocalPresence"/> under
/// the room's gate so presence changes leave in the order they happened. Owned by <see cref="RoomSubscriptions"/>.
/// </summary>
/// <remarks>
/// One Orleans subscription per room per process, not per connection: Orleans rewrites a stream's whole subscriber
/// list on every subscribe, so one per connection would make joins quadratic (see GUIDE, "Streams").
/// </remarks>
internal sealed class RoomFeeds(
    IClusterClient client,
    IHubContext<ChatHub> hub,
    LocalPresence presence,
    TypingRelay typing,
    Func<RoomChanged, StreamSequenceToken?, Task> onChanged,
    SiloAddress process,
    ILoggerFactory loggers) : ILocalRoomDelivery
{
    // Entries are never removed: an idle entry is a few bytes, and removing one would race with a concurrent join.
    private readonly ConcurrentDictionary<string, RoomEntry> _rooms = new(StringComparer.Ordinal);

    /// <summary>How many local connections are counted in <paramref name="roomId"/>.</summary>
    public int ConnectionCount(string roomId) => _rooms.TryGetValue(roomId, out var entry) ? entry.Count : 0;

    /// <summary>The room's open feed, or null when nobody here is in it or watches it.</summary>
    public RoomFeed? FeedOf(string roomId) => _rooms.TryGetValue(roomId, out var entry) ? entry.Feed : null;

    /// <inheritdoc />
    public void Offer(string roomId, IReadOnlyList<ChatMessage> rows, bool only) => FeedOf(roomId)?.Offer(rows, only);

    /// <inheritdoc />
    // The room's current feed only: a tag of a feed already closed (or of another process) is never "passed", so such
    // a subscription gets its copy as before.
    public bool HasPassed(string roomId, long seq, string subscriptionTag) => FeedOf(roomId)?.HasPassed(seq, subscriptionTag) ?? false;

    /// <summary>
    /// Counts one more connection of <paramref name="userName"/> in (null: a watcher, which counts for no presence),
    /// opening the room's feed for the first.
    /// </summary>
    public async Task AddAsync(string roomId, string? userName)
    {
        var entry = _rooms.GetOrAdd(roomId, _ => new RoomEntry());
        await entry.Gate.WaitAsync();
        try
        {
            if (entry.Count + entry.Watchers == 0)
            {
                entry.Feed = await RoomFeed.OpenAsync(roomId, client, hub, () => entry.Count, () => entry.Watchers, onChanged, process, loggers, typing);
            }

            if (userName is null)
            {
                entry.Watchers++;
                return;
            }

            entry.Count++;
            // Under the gate, so this process reports a room's changes in the order they happened.
            presence.Add(roomId, userName);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Counts one out (see <see cref="AddAsync"/>); the last one out closes the feed.</summary>
    public async Task ReleaseAsync(string roomId, string? userName)
    {
        if (!_rooms.TryGetValue(roomId, out var entry))
        {
            return;
        }

        await entry.Gate.WaitAsync();
        try
        {
            if (userName is null)
            {
                if (entry.Watchers == 0)
                {
                    return;
                }

                entry.Watchers--;
            }
            else
            {
                if (entry.Count == 0)
                {
                    return;
                }

                entry.Count--;
                presence.Remove(roomId, userName);
            }

            if (entry.Count + entry.Watchers == 0 && entry.Feed is { } feed)
            {
                entry.Feed = null;
                await feed.DisposeAsync();
            }
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>
    /// Subscribes again every open feed's streams the cluster no longer knows; returns how many. With a
    /// <paramref name="spreadOver"/> the checks are paced across that span (see <see cref="RepairPace"/>) instead of
    /// going out at once: a round is one PubSub call per stream of every open room.
    /// </summary>
    public async Task<int> RepairAsync(CancellationToken cancellationToken, TimeSpan spreadOver = default)
    {
        var repaired = 0;
        var pace = new RepairPace(spreadOver, _rooms.Values.Count(e => e.Feed is not null));
        foreach (var (_, entry) in _rooms)
        {
            if (entry.Feed is null)
            {
                continue;
            }

            await entry.Gate.WaitAsync(cancellationToken);
            try
            {
                if (entry.Feed is { } feed)
                {
                    repaired += await feed.RepairAsync();
                }
            }
            finally
            {
                entry.Gate.Release();
            }

            // Outside the gate: a paced round never holds up a join or a leave.
            await pace.NextAsync(cancellationToken);
        }

        return repaired;
    }
}
