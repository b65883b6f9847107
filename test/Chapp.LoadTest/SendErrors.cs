using System.Collections.Concurrent;

namespace Chapp.LoadTest;

/// <summary>Counts failed sends and keeps the distinct error messages (at most 20 kinds).</summary>
public sealed class SendErrors
{
    private readonly ConcurrentDictionary<string, int> _kinds = new(StringComparer.Ordinal);
    private long _count;

    /// <summary>Failed sends.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Counts one failure.</summary>
    public void Add(Exception error)
    {
        Interlocked.Increment(ref _count);
        var message = $"{error.GetType().Name}: {error.Message}";
        if (message.Length > 200)
        {
            message = message[..200];
        }

        if (_kinds.Count < 20 || _kinds.ContainsKey(message))
        {
            _kinds.AddOrUpdate(message, 1, (_, n) => n + 1);
        }
    }

    /// <summary>The most frequent errors, "count × message".</summary>
    public IReadOnlyList<string> Samples() =>
        _kinds.OrderByDescending(k => k.Value).Take(5).Select(k => $"{k.Value} × {k.Key}").ToArray();
}
