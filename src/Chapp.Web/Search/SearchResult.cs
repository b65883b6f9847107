namespace Chapp.Web.Search;

/// <summary>One search result as the page and the hub show it: where, who, when, and the text around the match.</summary>
public sealed record SearchResult(
    string RoomId, string RoomLabel, long Seq, string AuthorName, DateTimeOffset SentAt, IReadOnlyList<SnippetPart> Snippet)
{
    /// <summary>The room opened at this message.</summary>
    public string Link => $"/rooms/{Uri.EscapeDataString(RoomId)}?at={Seq}#m-{Seq}";
}
