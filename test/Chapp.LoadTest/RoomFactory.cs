using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Chapp.LoadTest;

/// <summary>
/// Creates public rooms through Chapp's home page form (antiforgery token and all), as a person would, and returns
/// their ids from the redirect. The bare hub needs none: any room id is a group there.
/// </summary>
public static partial class RoomFactory
{
    /// <summary>
    /// Creates <paramref name="count"/> rooms named <c>{prefix}-{k}</c>, spread over <paramref name="creators"/> (a
    /// user's room list is capped), a few at a time, and returns their ids in order.
    /// </summary>
    public static async Task<string[]> CreateAsync(
        Uri baseUrl, IReadOnlyList<Account> creators, string prefix, int count, int parallelism, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var forms = new ConcurrentDictionary<int, Task<(string Token, string Cookies)>>();
        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (k, ct) =>
            {
                var c = k % creators.Count;
                var form = await forms.GetOrAdd(c, _ => FormAsync(http, creators[c], ct));
                var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{k}");
                using var post = new HttpRequestMessage(HttpMethod.Post, "/?handler=Create")
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["RoomName"] = name,
                        ["__RequestVerificationToken"] = form.Token,
                    }),
                };
                post.Headers.Add("Cookie", form.Cookies);
                using var answer = await http.SendAsync(post, ct);
                var location = answer.Headers.Location?.OriginalString ?? string.Empty;
                ids[k] = answer.StatusCode == HttpStatusCode.Redirect && location.StartsWith("/rooms/", StringComparison.Ordinal)
                    ? location["/rooms/".Length..]
                    : throw new InvalidOperationException($"Creating room '{name}' answered {(int)answer.StatusCode} {location}.");
            });
        return ids;
    }

    // The home page's antiforgery token and cookie for one signed-in account; reused for all its rooms.
    private static async Task<(string Token, string Cookies)> FormAsync(HttpClient http, Account account, CancellationToken cancellationToken)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "/");
        get.Headers.Add("Cookie", account.CookieHeader);
        using var page = await http.SendAsync(get, cancellationToken);
        var jar = new CookieJar();
        jar.Absorb(page.Headers);
        var html = await page.Content.ReadAsStringAsync(cancellationToken);
        var token = TokenPattern().Match(html) is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups["v"].Value)
            : throw new InvalidOperationException($"GET / as {account.UserName} answered {(int)page.StatusCode} without an antiforgery token.");
        return (token, account.CookieHeader + "; " + jar.Header());
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken""[^>]*?value=""(?<v>[^""]+)""|value=""(?<v>[^""]+)""[^>]*?name=""__RequestVerificationToken""", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();
}
