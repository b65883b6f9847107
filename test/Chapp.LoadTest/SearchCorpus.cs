using System.Globalization;
using System.Text;

namespace Chapp.LoadTest;

/// <summary>
/// Deterministic chat-like text for the search scenario: words from a 5,000-word made-up vocabulary drawn with a
/// Zipf-like (1/rank) frequency, as natural language is, 4–16 words a message. Rank 1 is in most messages, rank
/// 3,000 in a few hundred of a million.
/// </summary>
public static class SearchCorpus
{
    /// <summary>Words in the vocabulary.</summary>
    public const int Vocabulary = 5000;

    private static readonly string[] Syllables =
        ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "pi", "nex", "ar", "quo", "zi", "bel", "mon", "tra", "ul", "sen", "gri", "fa"];

    /// <summary>The word of rank <paramref name="rank"/> (1 = most frequent).</summary>
    public static string Word(int rank)
    {
        var word = new StringBuilder();
        var n = rank;
        do
        {
            word.Append(Syllables[n % Syllables.Length]);
            n /= Syllables.Length;
        }
        while (n > 0);
        return word.ToString();
    }

    /// <summary>Message number <paramref name="i"/> of the corpus (the same text for the same number).</summary>
    public static string Message(long i)
    {
        var random = new Random(unchecked((int)(i * 2654435761L)));
        var count = 4 + random.Next(13);
        var text = new StringBuilder();
        for (var w = 0; w < count; w++)
        {
            // Log-uniform rank: P(rank) ~ 1/rank.
            var rank = (int)Math.Exp(random.NextDouble() * Math.Log(Vocabulary));
            text.Append(w == 0 ? "" : " ").Append(Word(Math.Clamp(rank, 1, Vocabulary)));
        }

        return text.Append(string.Create(CultureInfo.InvariantCulture, $" #{i}")).ToString();
    }

    /// <summary>
    /// <paramref name="rows"/> corpus messages for the log, a second apart and ending 60 days ago; message i goes to
    /// room i mod rooms, so the rooms' messages interleave in time as in a real workspace.
    /// </summary>
    public static IEnumerable<PrefillRow> Rows(IReadOnlyList<string> rooms, int rows)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-60);
        for (var i = 0L; i < rows; i++)
        {
            yield return new PrefillRow(rooms[(int)(i % rooms.Count)], i / rooms.Count + 1, Message(i), start.AddSeconds(i),
                string.Create(CultureInfo.InvariantCulture, $"sp-{i}"));
        }
    }
}
