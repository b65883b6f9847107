namespace Chapp.Web.Search;

/// <summary>
/// One search result as the page and the hub show it: where, who, when, the text around the match, and for a short
/// message the whole of it rendered with the matches marked (<see cref="Html"/>).
/// </summary>
public sealed record SearchResult(
    string RoomId, string RoomLabel, long Seq, string AuthorName, DateTimeOffset SentAt, IReadOnlyList<SnippetPart> Snippet)
{
    /// <summary>The message rendered as in the room, matches in <c>&lt;mark&gt;</c> (<see cref="MatchMarks.Render"/>); null for a long one.</summary>
    public string? Html { get; init; }

    /// <summary>When the message was last edited (the result shows "(edited)", as the room does); null if never.</summary>
    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>The room opened at this message.</summary>
    public string Link => $"/rooms/{Uri.EscapeDataString(RoomId)}?at={Seq}#m-{Seq}";
}
