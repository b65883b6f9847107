using System.Net;
using System.Text;
using Chapp.Grains.Search;

namespace Chapp.Web.Search;

/// <summary>
/// Marks the searched words in a message body rendered by <see cref="Formatting.MessageMarkdown"/>: each matching word
/// of its text is wrapped in <c>&lt;mark&gt;</c>; tags and attributes (a link's address) are left exactly as they are.
/// Safe because the input is that renderer's output, where text never holds a raw <c>&lt;</c> or <c>&gt;</c> (nor an
/// attribute value a raw <c>&gt;</c>): a tag runs from <c>&lt;</c> to the next <c>&gt;</c>, and each text run is decoded,
/// matched and encoded again, so nothing in it can become markup.
/// </summary>
public static class MatchMarks
{
    /// <summary>Longest text shown whole (rendered); a longer one is shown as its <see cref="Snippet"/>, cut around the match.</summary>
    public const int MaxRenderedLength = Snippet.Before + Snippet.After;

    /// <summary>Most lines a text shown whole may have, so one result never fills the page.</summary>
    public const int MaxRenderedLines = 6;

    /// <summary>
    /// The whole message as the room shows it, with the matches marked, when it is short enough to show whole;
    /// otherwise null (the match might be far down a long message: the snippet around it shows it for sure).
    /// </summary>
    public static string? Render(string text, IReadOnlyList<string> terms) =>
        text.Length == 0 || text.Length > MaxRenderedLength || text.Count(c => c == '\n') >= MaxRenderedLines
            ? null
            : Mark(Formatting.MessageMarkdown.ToHtml(text), terms);

    /// <summary><paramref name="html"/> with the words of <paramref name="terms"/> marked (compared as the index does).</summary>
    public static string Mark(string html, IReadOnlyList<string> terms)
    {
        var wanted = terms.Select(SearchQuery.Fold).ToHashSet(StringComparer.Ordinal);
        var output = new StringBuilder(html.Length + 32);
        var at = 0;
        while (at < html.Length)
        {
            var open = html.IndexOf('<', at);
            var textEnd = open < 0 ? html.Length : open;
            if (textEnd > at)
            {
                MarkText(WebUtility.HtmlDecode(html[at..textEnd]), wanted, output);
            }

            if (open < 0)
            {
                break;
            }

            var close = html.IndexOf('>', open);
            if (close < 0)
            {
                // Not the renderer's output after all: show nothing rather than guess.
                throw new ArgumentException("Unterminated tag in rendered message.", nameof(html));
            }

            output.Append(html, open, close - open + 1);
            at = close + 1;
        }

        return output.ToString();
    }

    private static void MarkText(string text, HashSet<string> wanted, StringBuilder output)
    {
        var at = 0;
        foreach (var (start, length) in Snippet.Words(text))
        {
            if (!wanted.Contains(SearchQuery.Fold(text.Substring(start, length))))
            {
                continue;
            }

            output.Append(Encode(text[at..start])).Append("<mark>")
                .Append(Encode(text.Substring(start, length))).Append("</mark>");
            at = start + length;
        }

        output.Append(Encode(text[at..]));
    }

    // As the renderer escapes text: the four characters that could start or end markup; everything else as it is.
    private static string Encode(string text) => text.Length == 0 ? text
        : text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
