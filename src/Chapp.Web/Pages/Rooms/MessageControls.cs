namespace Chapp.Web.Pages.Rooms;

/// <summary>
/// What the room page offers on its messages without script (edit and delete one's own, react), and the state the
/// address or a refused form put them in: the message being edited (<c>?edit=seq</c>) or asked about deleting
/// (<c>?delete=seq</c>) or reacted to (<c>?react=seq</c>), and a refusal to show at a message. <paramref name="At"/> is the message the page opened at,
/// so a form brings the reader back to the same page. Only messages sent since <paramref name="EditableSince"/> (inside
/// the edit window) offer an Edit link.
/// </summary>
public sealed record MessageControls(
    string RoomId,
    long? At,
    long? Editing = null,
    long? Deleting = null,
    long? Reacting = null,
    long? ErrorSeq = null,
    string? Error = null,
    string? EditText = null,
    DateTimeOffset EditableSince = default)
{
    /// <summary>The emoji offered as one-click reactions (the script's picker offers the same).</summary>
    public static readonly IReadOnlyList<string> CommonEmoji = ["👍", "❤️", "😂", "🎉", "😮", "😢", "👀", "✅"];

    /// <summary>The room page, at the same place, with <paramref name="query"/> added, and the fragment of message <paramref name="seq"/>.</summary>
    public string Link(long seq, string? query = null)
    {
        var parts = new List<string>(2);
        if (At is { } at)
        {
            parts.Add("at=" + at);
        }

        if (query is not null)
        {
            parts.Add(query);
        }

        var path = "/rooms/" + Uri.EscapeDataString(RoomId);
        return (parts.Count == 0 ? path : path + "?" + string.Join("&", parts)) + "#m-" + seq;
    }
}
