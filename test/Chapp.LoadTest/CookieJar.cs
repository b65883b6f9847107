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

    /// <summary>Takes the cookies a response sets.</summary>
    public void Absorb(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
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
            }
        }
    }

    /// <summary>The value of cookie <paramref name="name"/>, or null.</summary>
    public string? Get(string name) => _cookies.TryGetValue(name, out var value) ? value : null;

    /// <summary>The Cookie request header for all cookies held.</summary>
    public string Header()
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in _cookies)
        {
            if (sb.Length > 0)
            {
                sb.Append("; ");
            }

            sb.Append(name).Append('=').Append(value);
        }

        return sb.ToString();
    }
}
