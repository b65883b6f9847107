using System.Net.Http.Headers;
using System.Text;

namespace Chapp.LoadTest;

/// <summary>
/// A minimal cookie jar: keeps name=value from every Set-Cookie, ignoring Secure/Path/Domain, so the tool also
/// works against a server that marks its cookies Secure while being reached over plain HTTP on loopback.
/// </summary>
public sealed class CookieJar
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    /// <summary>Takes the cookies a response sets; returns the names of those it set (not deleted).</summary>
    public IReadOnlyList<string> Absorb(HttpResponseHeaders headers)
    {
        var set = new List<string>();
        if (!headers.TryGetValues("Set-Cookie", out var values))
        {
            return set;
        }

        foreach (var header in values)
        {
            var end = header.IndexOf(';', StringComparison.Ordinal);
            var pair = end < 0 ? header : header[..end];
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var name = pair[..eq].Trim();
            var value = pair[(eq + 1)..].Trim();
            if (value.Length == 0)
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
                set.Add(name);
            }
        }

        return set;
    }

    /// <summary>The Cookie request header for the cookies held (only <paramref name="names"/> when given).</summary>
    public string Header(IEnumerable<string>? names = null)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in _cookies)
        {
            if (names is not null && !names.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append("; ");
            }

            sb.Append(name).Append('=').Append(value);
        }

        return sb.ToString();
    }
}
