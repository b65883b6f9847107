using System.Collections.Concurrent;
using Chapp.Grains;
using Microsoft.Extensions.Options;

namespace Chapp.Web.Chat.Presence;

/// <summary>
/// Tells each room's presence grain which users this web process has connected to the room (as counted by
/// <see cref="LocalPresence"/>). A change is reported at once; changes that come while a report is in flight go
/// together in the next one (a burst of joins costs a few grain calls, not one each). Every
/// <see cref="PresenceOptions.RefreshPeriod"/> all rooms with local users are reported again, so the grain can expire
/// the users of a process that died without saying so.
/// </summary>
public sealed partial class PresenceReporter(IGrainFactory grains, IOptions<PresenceOptions> options, ILogger<PresenceReporter> logger)
    : BackgroundService
{
    // Entries are never removed (as in LocalPresence): an idle entry is a few bytes, removing one would race.
    private readonly ConcurrentDictionary<string, RoomReport> _rooms = new(StringComparer.Ordinal);

    /// <summary>This process in the presence grains' eyes; a restarted process is a new one.</summary>
    public string ProcessId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Records that the users with a local connection in <paramref name="roomId"/> are now <paramref name="userNames"/>.</summary>
    public void Changed(string roomId, IReadOnlyList<string> userNames)
    {
        var room = _rooms.GetOrAdd(roomId, _ => new RoomReport());
        lock (room)
        {
            room.UserNames = userNames;
            room.Version++;
        }

        Flush(roomId, room);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var (roomId, room) in _rooms)
                {
                    lock (room)
                    {
                        // A room nobody is in needs no refresh once its empty list got through.
                        if (room.UserNames.Count == 0 && room.SentVersion == room.Version)
                        {
                            continue;
                        }

                        room.Version++;
                    }

                    Flush(roomId, room);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // A clean shutdown takes its users out at once instead of letting them linger until they expire.
        var reports = _rooms.Where(r => r.Value.UserNames.Count > 0)
            .Select(r => grains.GetRoomPresence(r.Key).Report(ProcessId, []));
        try
        {
            await Task.WhenAll(reports).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception error)
        {
            LogReportFailed(error, "(shutdown)");
        }
    }

    // One report in flight per room keeps this process's reports in order at the grain.
    private void Flush(string roomId, RoomReport room)
    {
        lock (room)
        {
            if (room.Sending)
            {
                return; // The running loop sees the new version when its call returns.
            }

            room.Sending = true;
        }

        _ = SendLoop(roomId, room);
    }

    private async Task SendLoop(string roomId, RoomReport room)
    {
        for (;;)
        {
            IReadOnlyList<string> userNames;
            long version;
            lock (room)
            {
                if (room.SentVersion == room.Version)
                {
                    room.Sending = false;
                    return;
                }

                userNames = room.UserNames;
                version = room.Version;
            }

            try
            {
                await grains.GetRoomPresence(roomId).Report(ProcessId, userNames);
            }
            catch (Exception error)
            {
                // Left unsent: the next change or the periodic refresh tries again.
                LogReportFailed(error, roomId);
                lock (room)
                {
                    room.Sending = false;
                }

                return;
            }

            lock (room)
            {
                room.SentVersion = version;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report presence in room {RoomId}")]
    private partial void LogReportFailed(Exception error, string roomId);

    private sealed class RoomReport
    {
        public IReadOnlyList<string> UserNames { get; set; } = [];

        public long Version { get; set; }

        public long SentVersion { get; set; }

        public bool Sending { get; set; }
    }
}
