using System.Text.RegularExpressions;
using Chapp.Grains;

namespace Chapp.Web.Formatting;

/// <summary>
/// What in message text may become a link or a mention. Only <c>http://</c> and <c>https://</c> become links, with a
/// host and no user info (<c>https://bank.com@evil.example</c> stays text, it hides the real host); trailing
/// punctuation and an unbalanced closing parenthesis or bracket are not part of a bare link; a URL longer than
/// <see cref="MaxLinkLength"/> stays text. A mention is <c>@name</c> with a well-formed user name, not glued to a word
/// or an e-mail address, a trailing '.' being the end of the sentence (the rule <see cref="Mentions"/> notifies by).
/// </summary>
public static partial class MessageFormat
{
    /// <summary>Longest URL made into a link.</summary>
    public const int MaxLinkLength = 2048;

    private const string TrailingPunctuation = ".,;:!?'\"*";

    /// <summary>
    /// The length of the bare link starting at <paramref name="index"/> of <paramref name="text"/> (read no further than
    /// <paramref name="end"/>, inclusive), or 0 when none starts there.
    /// </summary>
    public static int LinkLengthAt(string text, int index, int end)
    {
        if (index > 0 && IsWordChar(text[index - 1]))
        {
            return 0; // "xhttps://" is not a link
        }

        var match = LinkCandidate().Match(text, index, end - index + 1);
        if (!match.Success)
        {
            return 0;
        }

        var url = TrimTrailing(match.Value);
        return url.Length <= MaxLinkLength && HasPlainHost(url) ? url.Length : 0;
    }

    /// <summary>Whether <paramref name="url"/>, the target of a written link (<c>[text](url)</c>, <c>&lt;url&gt;</c>), may be one.</summary>
    public static bool IsAllowedLink(string? url) =>
        url is not null && url.Length <= MaxLinkLength && WholeLink().IsMatch(url) && HasPlainHost(url);

    /// <summary>
    /// The length of the mention starting at <paramref name="index"/> (the '@'), at most up to <paramref name="end"/>,
    /// with the user name it names; 0 when none starts there.
    /// </summary>
    public static int MentionLengthAt(string text, int index, int end, out string name)
    {
        name = string.Empty;
        if (index > 0 && (IsWordChar(text[index - 1]) || text[index - 1] is '.' or '@' or '-'))
        {
            return 0; // an e-mail address or part of a word
        }

        var match = MentionCandidate().Match(text, index, end - index + 1);
        if (!match.Success)
        {
            return 0;
        }

        name = match.Groups[1].Value.TrimEnd('.');
        return name.Length is >= ChatRules.MinUserNameLength and <= ChatRules.MaxUserNameLength ? 1 + name.Length : 0;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

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

    // Stops at spaces, quotes, angle brackets, control and format characters (bidi overrides and zero-width
    // characters can make a link read as another).
    [GeneratedRegex("\\Ghttps?://[^\\s<>\"\\p{Cc}\\p{Cf}]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkCandidate();

    [GeneratedRegex("^https?://[^\\s<>\"\\p{Cc}\\p{Cf}]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WholeLink();

    // Letters, digits, dots and dashes, and a port: no user info, nothing empty.
    [GeneratedRegex("^[\\p{L}\\p{N}](?:[\\p{L}\\p{N}.-]*[\\p{L}\\p{N}])?(?::[0-9]{1,5})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Authority();

    [GeneratedRegex("\\G@([A-Za-z0-9_.-]{3,32})(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant)]
    private static partial Regex MentionCandidate();
}
