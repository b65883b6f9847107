using Chapp.Grains;

namespace Chapp.Web.Shell;

/// <summary>
/// The reader's rooms for the sidebar, loaded once per request (the room page reads its read position from the same
/// list the layout renders), latest activity first. One call to the user's inbox grain, which reads every room's last
/// seq in one message-log query: a page costs the same with 1 room or 500.
/// </summary>
public sealed class SidebarLoader(IGrainFactory grains)
{
    /// <summary>Most rooms the sidebar renders (the most recently active); the script shows the rest once live.</summary>
    public const int MaxRooms = 100;

    private Task<Inbox>? _inbox;

    /// <summary>The inbox of <paramref name="me"/> (the request's user): rooms in the order joined.</summary>
    public Task<Inbox> GetInboxAsync(string me) => _inbox ??= grains.GetUserInbox(me).GetInbox();

    /// <summary>Puts <paramref name="entry"/> in place of its room's entry in the loaded inbox (after this request changed it).</summary>
    public void Replace(InboxEntry entry)
    {
        if (_inbox is { IsCompletedSuccessfully: true } loaded)
        {
            var inbox = loaded.Result;
            _inbox = Task.FromResult(inbox with { Rooms = inbox.Rooms.Select(e => e.RoomId == entry.RoomId ? entry : e).ToArray() });
        }
    }

    /// <summary>The rooms of <paramref name="me"/> (the request's user), latest activity first.</summary>
    public async Task<IReadOnlyList<SidebarRoom>> GetAsync(string me)
    {
        var inbox = await GetInboxAsync(me);
        return inbox.Rooms
            .Select(e => new SidebarRoom(e.RoomId, e.Label, e.Name, e.Kind, e.LastSeq, e.LastAt, e.ReadSeq, e.Mentions, e.Topic, e.Unread))
            .OrderByDescending(r => r.LastAt ?? DateTimeOffset.MinValue)
            .ThenBy(r => r.Label, StringComparer.CurrentCulture)
            .Take(MaxRooms)
            .ToArray();
    }
}
