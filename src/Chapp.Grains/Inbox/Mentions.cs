using System.Text.RegularExpressions;

namespace Chapp.Grains;

/// <summary>
/// Finds who a message names: <c>@name</c> where name is a well-formed user name, not preceded by a name character or
/// '@' (so an e-mail address names nobody), with a trailing '.' taken as the end of the sentence. The client's
/// highlight should follow the same rule.
/// </summary>
public static partial class Mentions
{
    /// <summary>Most distinct people one message can name; the rest are not told (bounds the work one post makes).</summary>
    public const int MaxPerMessage = 10;

    /// <summary>The distinct user names (first spelling kept, case-insensitive) <paramref name="text"/> names, at most <see cref="MaxPerMessage"/>.</summary>
    public static IReadOnlyList<string> Find(string text)
    {
        var names = new List<string>();
        foreach (Match match in MentionPattern().Matches(text))
        {
            var name = match.Groups[1].Value.TrimEnd('.');
            if (name.Length is < ChatRules.MinUserNameLength or > ChatRules.MaxUserNameLength
                || names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            names.Add(name);
            if (names.Count == MaxPerMessage)
            {
                break;
            }
        }

        return names;
    }

    [GeneratedRegex("(?<![A-Za-z0-9_.@-])@([A-Za-z0-9_.-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex MentionPattern();
}
