using System.Text.RegularExpressions;

namespace Chapp.Web.Formatting;

/// <summary>
/// Splits message text into text, links and mentions of the reader. wwwroot/js/format.js applies the same rules in
/// the browser (a test runs one corpus through both): only <c>http://</c> and <c>https://</c> become links, with a
/// host and no user info (<c>https://bank.com@evil.example</c> stays text); trailing punctuation and an unbalanced
/// closing parenthesis or bracket are not part of a link; a candidate longer than <see cref="MaxLinkLength"/> stays text.
/// Everything else is text, shown as text.
/// </summary>
public static partial class MessageFormat
{
    /// <summary>Longest URL made into a link.</summary>
    public const int MaxLinkLength = 2048;

    private const string TrailingPunctuation = ".,;:!?'\"*";

    /// <summary>The segments of <paramref name="text"/> for <paramref name="reader"/> (whose @mentions are highlighted).</summary>
    public static IReadOnlyList<TextSegment> Segments(string text, string? reader)
    {
        var segments = new List<TextSegment>();
        var plainStart = 0;
        foreach (Match match in LinkCandidate().Matches(text))
        {
            var url = TrimTrailing(match.Value);
            if (url.Length > MaxLinkLength || !HasPlainHost(url))
            {
                continue;
            }

            AddPlain(segments, text[plainStart..match.Index], reader);
            segments.Add(new TextSegment(TextSegmentKind.Link, url, url));
            plainStart = match.Index + url.Length;
        }

        AddPlain(segments, text[plainStart..], reader);
        return segments;
    }

    // Sentence punctuation after a URL, and a closing bracket that closes text around it, are not part of it.
    private static string TrimTrailing(string url)
    {
        for (;;)
        {
            var last = url[^1];
            if (TrailingPunctuation.Contains(last)
                || (last == ')' && url.Count(c => c == ')') > url.Count(c => c == '('))
                || (last == ']' && url.Count(c => c == ']') > url.Count(c => c == '[')))
            {
                url = url[..^1];
                continue;
            }

            return url;
        }
    }

    private static bool HasPlainHost(string url)
    {
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        return Authority().IsMatch(end < 0 ? rest : rest[..end]);
    }

    private static void AddPlain(List<TextSegment> segments, string plain, string? reader)
    {
        if (plain.Length == 0)
        {
            return;
        }

        var start = 0;
        if (!string.IsNullOrEmpty(reader))
        {
            foreach (Match match in MentionCandidate().Matches(plain))
            {
                var name = match.Groups[1].Value.TrimEnd('.');
                if (!string.Equals(name, reader, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (match.Index > start)
                {
                    segments.Add(new TextSegment(TextSegmentKind.Text, plain[start..match.Index]));
                }

                segments.Add(new TextSegment(TextSegmentKind.Mention, "@" + name));
                start = match.Index + 1 + name.Length;
            }
        }

        if (start < plain.Length)
        {
            segments.Add(new TextSegment(TextSegmentKind.Text, plain[start..]));
        }
    }

    // Not glued to a word before it ("xhttps://" is not a link); stops at spaces, quotes, angle brackets, control and
    // format characters (bidi overrides and zero-width characters can make a link read as another).
    [GeneratedRegex("(?<![A-Za-z0-9_])https?://[^\\s<>\"\\p{Cc}\\p{Cf}]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkCandidate();

    // Letters, digits, dots and dashes, and a port: no user info, nothing empty.
    [GeneratedRegex("^[\\p{L}\\p{N}](?:[\\p{L}\\p{N}.-]*[\\p{L}\\p{N}])?(?::[0-9]{1,5})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Authority();

    // A user name after '@' that is not part of an e-mail address or another word.
    [GeneratedRegex("(?<![A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{3,32})(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant)]
    private static partial Regex MentionCandidate();
}
