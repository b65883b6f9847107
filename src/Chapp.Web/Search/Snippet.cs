using System.Globalization;
using Chapp.Grains.Search;

namespace Chapp.Web.Search;

/// <summary>
/// The context shown for a search result: the text around the first searched word, cut at word boundaries, split into
/// plain and matching parts. Matching compares words as the index does (lower case, without diacritics).
/// </summary>
public static class Snippet
{
    /// <summary>Characters of context kept before the first match.</summary>
    public const int Before = 60;

    /// <summary>Characters of context kept after the first match.</summary>
    public const int After = 140;

    /// <summary>Splits <paramref name="text"/> around the words of <paramref name="terms"/>.</summary>
    public static IReadOnlyList<SnippetPart> Build(string text, IReadOnlyList<string> terms)
    {
        var flat = string.Join(' ', text.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        var wanted = terms.Select(SearchQuery.Fold).ToHashSet(StringComparer.Ordinal);
        var matches = Words(flat).Where(w => wanted.Contains(SearchQuery.Fold(flat.Substring(w.Start, w.Length)))).ToList();

        var start = 0;
        var end = flat.Length;
        if (matches.Count > 0)
        {
            start = WordStartAtOrAfter(flat, Math.Max(0, matches[0].Start - Before), matches[0].Start);
            end = WordEndAtOrBefore(flat, Math.Min(flat.Length, matches[0].Start + matches[0].Length + After), matches[0].Start + matches[0].Length);
        }
        else if (flat.Length > Before + After)
        {
            end = WordEndAtOrBefore(flat, Before + After, 1);
        }

        var parts = new List<SnippetPart>();
        if (start > 0)
        {
            parts.Add(new SnippetPart("… ", false));
        }

        var at = start;
        foreach (var (matchStart, length) in matches.Where(m => m.Start >= start && m.Start + m.Length <= end))
        {
            if (matchStart > at)
            {
                parts.Add(new SnippetPart(flat[at..matchStart], false));
            }

            parts.Add(new SnippetPart(flat.Substring(matchStart, length), true));
            at = matchStart + length;
        }

        if (end > at)
        {
            parts.Add(new SnippetPart(flat[at..end], false));
        }

        if (end < flat.Length)
        {
            parts.Add(new SnippetPart(" …", false));
        }

        return parts;
    }

    /// <summary>The words of <paramref name="text"/> as the index cuts them: letters and digits, with their accents.</summary>
    internal static IEnumerable<(int Start, int Length)> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i])
                || (start >= 0 && CharUnicodeInfo.GetUnicodeCategory(text[i]) == UnicodeCategory.NonSpacingMark));
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return (start, i - start);
                start = -1;
            }
        }
    }

    // Moves a cut forward to the next space (not past the match), so no word is shown in half.
    private static int WordStartAtOrAfter(string text, int cut, int limit)
    {
        if (cut == 0)
        {
            return 0;
        }

        var space = text.IndexOf(' ', cut - 1, limit - cut + 1);
        return space < 0 ? cut : space + 1;
    }

    private static int WordEndAtOrBefore(string text, int cut, int limit)
    {
        if (cut >= text.Length)
        {
            return text.Length;
        }

        var space = text.LastIndexOf(' ', cut, cut - limit + 1);
        return space < limit ? cut : space;
    }
}
