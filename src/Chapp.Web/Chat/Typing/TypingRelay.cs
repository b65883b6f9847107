using Chapp.Grains;
using Chapp.Silo;
using Chapp.Web.Chat.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Chapp.Web.Chat.Typing;

/// <summary>
/// Carries typing notices to a room's connections. This process's connections get them straight from the SignalR
/// group. On PostgreSQL, where several processes may share the rooms, the notice is also published on the room's
/// side stream (<see cref="RoomSideStream"/>), which each process's <see cref="RoomFeed"/> already holds for presence
/// and description changes and hands typing notices here. A room where nobody types publishes nothing, and a single
/// process never touches a stream for typing.
/// </summary>
public sealed partial class TypingRelay(IClusterClient client, IHubContext<ChatHub> hub, IOptions<ChappOptions> options, ILogger<TypingRelay> logger)
{
    /// <summary>The hub method name of <see cref="TypingFrame"/>s.</summary>
    public const string Method = "typing";

    private readonly string _origin = Guid.NewGuid().ToString("N");

    /// <summary>True when other processes may have connections in the same rooms (the database is PostgreSQL).</summary>
    public bool AcrossProcesses { get; } = options.Value.Database == DatabaseKind.PostgreSql;

    /// <summary>
    /// Sends <paramref name="frame"/> to <paramref name="localRecipients"/> (the room's group here, less the caller) and,
    /// in a cluster, to the other processes. A notice that cannot cross is dropped: it is a courtesy, 5 s long.
    /// </summary>
    public async Task SendAsync(TypingFrame frame, IClientProxy localRecipients)
    {
        await localRecipients.SendAsync(Method, frame);
        if (!AcrossProcesses)
        {
            return;
        }

        try
        {
            var notice = new TypingNotice(frame.RoomId, frame.UserName, frame.DisplayName, frame.IsTyping, _origin);
            await RoomSideStream.Of(client.GetStreamProvider(ChappNames.StreamProvider), frame.RoomId).OnNextAsync(notice);
        }
        catch (Exception error)
        {
            LogPublishFailed(error, frame.RoomId);
        }
    }

    /// <summary>
    /// A notice from the room's side stream: to this process's connections in the room, unless this process sent it
    /// (they have it already). Does not wait for SignalR, so the stream never waits for a slow connection.
    /// </summary>
    public void Receive(TypingNotice notice)
    {
        if (notice.Origin != _origin)
        {
            var frame = new TypingFrame(notice.RoomId, notice.UserName, notice.DisplayName, notice.IsTyping);
            _ = hub.Clients.Group(RoomFeed.GroupName(notice.RoomId)).SendAsync(Method, frame);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not pass a typing notice of room {RoomId} to the other processes")]
    private partial void LogPublishFailed(Exception error, string roomId);
}
