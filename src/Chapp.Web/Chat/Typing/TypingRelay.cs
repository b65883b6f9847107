using Chapp.Grains;
using Chapp.Silo;
using Chapp.Web.Chat.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Chapp.Web.Chat.Typing;

/// <summary>
/// Carries typing notices to a room's connections. This process's connections get them straight from the SignalR
/// group. On PostgreSQL, where several processes may share the rooms, the notice is also published on the room's
/// <see cref="ChappNames.TypingStreamNamespace"/> stream, which each process's <see cref="RoomFeed"/> subscribes to
/// (once per room, like its other streams) and hands to its own group. A room where nobody types publishes nothing.
/// </summary>
public sealed partial class TypingRelay(IClusterClient client, IHubContext<ChatHub> hub, IOptions<ChappOptions> options, ILogger<TypingRelay> logger)
{
    /// <summary>The hub method name of <see cref="TypingFrame"/>s.</summary>
    public const string Method = "typing";

    private readonly string _origin = Guid.NewGuid().ToString("N");

    /// <summary>True when other processes may have connections in the same rooms (the database is PostgreSQL).</summary>
    public bool AcrossProcesses { get; } = options.Value.Database == DatabaseKind.PostgreSql;

    /// <summary>The room's typing stream (cluster only).</summary>
    public IAsyncStream<TypingNotice> Stream(string roomId) =>
        client.GetStreamProvider(ChappNames.StreamProvider).GetStream<TypingNotice>(StreamId.Create(ChappNames.TypingStreamNamespace, roomId));

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
            await Stream(frame.RoomId).OnNextAsync(new TypingNotice(frame.RoomId, frame.UserName, frame.DisplayName, frame.IsTyping, _origin));
        }
        catch (Exception error)
        {
            LogPublishFailed(error, frame.RoomId);
        }
    }

    /// <summary>
    /// A notice from the room's stream: to this process's connections in the room, unless this process sent it (they
    /// have it already). Does not wait for SignalR, so the stream never waits for a slow connection.
    /// </summary>
    public Task ReceiveAsync(TypingNotice notice, StreamSequenceToken? token)
    {
        if (notice.Origin != _origin)
        {
            var frame = new TypingFrame(notice.RoomId, notice.UserName, notice.DisplayName, notice.IsTyping);
            _ = hub.Clients.Group(RoomFeed.GroupName(notice.RoomId)).SendAsync(Method, frame);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not pass a typing notice of room {RoomId} to the other processes")]
    private partial void LogPublishFailed(Exception error, string roomId);
}
