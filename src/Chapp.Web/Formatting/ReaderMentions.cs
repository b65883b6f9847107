namespace Chapp.Web.Formatting;

/// <summary>
/// Marks the reader's own mentions in a rendered body (class <c>me</c>, as <c>markMentions</c> in message-view.js
/// does live), so a page read without script highlights them too. The body stays rendered once for everyone
/// (<see cref="MentionRenderer"/>); only the page of one reader is changed.
/// </summary>
public static class ReaderMentions
{
    /// <summary>
    /// <paramref name="html"/> with each mention of <paramref name="reader"/> marked. Only our renderer writes this
    /// exact markup: text from the message is escaped (no raw '&lt;' survives), and a user name holds no quote.
    /// </summary>
    public static string Mark(string html, string? reader) =>
        string.IsNullOrEmpty(reader) || html.Length == 0
            ? html
            : html.Replace(
                "<span class=\"mention\" data-user=\"" + reader.ToLowerInvariant() + "\">",
                "<span class=\"mention me\" data-user=\"" + reader.ToLowerInvariant() + "\">",
                StringComparison.Ordinal);
}
