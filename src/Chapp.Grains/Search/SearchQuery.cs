using System.Globalization;
using System.Text;

namespace Chapp.Grains.Search;

/// <summary>
/// A user's search text reduced to plain words (runs of letters and digits, lower case; each store folds
/// diacritics as its index does). User text is hostile:
/// it never reaches FTS5 or tsquery syntax as typed; the stores build their query from these words only, so
/// quotes, operators, parentheses, column filters and the like are simply separators.
/// </summary>
[GenerateSerializer, Immutable, Alias("Chapp.SearchQuery")]
public sealed record SearchQuery([property: Id(0)] IReadOnlyList<string> Terms)
{
    /// <summary>Longest search text accepted, in characters.</summary>
    public const int MaxLength = 200;

    /// <summary>Most words one search matches (all of them must occur).</summary>
    public const int MaxTerms = 8;

    /// <summary>Longest single word; longer runs are cut (no real word is longer, and it bounds the index lookup).</summary>
    public const int MaxTermLength = 40;

    /// <summary>Parses and checks the text; throws <see cref="ChatException"/> (Invalid) when it holds no word or is too long.</summary>
    public static SearchQuery Parse(string? text)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length > MaxLength)
        {
            throw new ChatException(ChatErrorCode.Invalid,
                $"A search can be at most {MaxLength} characters long (this one has {trimmed.Length}).");
        }

        var terms = new List<string>();
        foreach (var word in Words(trimmed).Select(w => w.ToLowerInvariant()))
        {
            var term = word.Length > MaxTermLength ? word[..MaxTermLength] : word;
            if (!terms.Contains(term, StringComparer.Ordinal))
            {
                terms.Add(term);
            }
        }

        if (terms.Count == 0)
        {
            throw new ChatException(ChatErrorCode.Invalid, "Type at least one word to search for.");
        }

        if (terms.Count > MaxTerms)
        {
            throw new ChatException(ChatErrorCode.Invalid, $"A search can have at most {MaxTerms} words (this one has {terms.Count}).");
        }

        return new SearchQuery(terms);
    }

    /// <summary>The words of <paramref name="text"/>: runs of letters and digits (with their combining marks), as typed.</summary>
    public static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark && word.Length > 0)
            {
                // A combining accent belongs to its word; Fold drops it.
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    /// <summary>Lower case without diacritics ("Élan" → "elan"), as SQLite's unicode61 tokenizer compares words.</summary>
    public static string Fold(string word)
    {
        var decomposed = word.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// The FTS5 query: every word as a quoted string, all required. The words hold only letters and digits, so
    /// there is nothing to escape; quoting still makes sure a word such as <c>AND</c> or <c>NEAR</c> is a word.
    /// </summary>
    public string ToFts5() => string.Join(' ', Terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    /// <summary>The words joined by spaces, for PostgreSQL's <c>plainto_tsquery</c> (which ANDs them and knows no operators).</summary>
    public string ToPlainText() => string.Join(' ', Terms);
}
