using System.Collections.Concurrent;
using Chapp.Web.Formatting;

namespace Chapp.Web.Chat;

/// <summary>
/// The HTML of recent message texts, rendered once per process: every join of a room sends its latest page (up to 50
/// messages), so a room that 5,000 connections open would otherwise render the same 50 texts 5,000 times
/// (≈ 6 µs each). The HTML depends on the text alone. Bounded by characters held; past the bound it starts afresh,
/// and the texts in use fill it again.
/// </summary>
public static class RenderedHtml
{
    /// <summary>Most characters (texts and their HTML) kept before starting afresh: about 4 MiB.</summary>
    public const int MaxChars = 2_000_000;

    private static ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);
    private static long _chars;

    /// <summary>The HTML of <paramref name="text"/>, as <see cref="MessageMarkdown.ToHtml"/> renders it.</summary>
    public static string Of(string text)
    {
        var cache = _cache;
        if (cache.TryGetValue(text, out var html))
        {
            return html;
        }

        html = MessageMarkdown.ToHtml(text);
        if (Interlocked.Add(ref _chars, text.Length + html.Length) > MaxChars)
        {
            // Start afresh rather than track recency: a cheap reset, and what is in use now comes back at once.
            Interlocked.Exchange(ref _chars, text.Length + html.Length);
            cache = _cache = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        }

        return cache.GetOrAdd(text, html);
    }
}
