using System.Net;
using System.Text.RegularExpressions;

namespace Chapp.LoadTest;

/// <summary>
/// Makes accounts through the real sign-up and log-in pages (antiforgery token and all), as a browser would.
/// PBKDF2 makes each one cost tens of milliseconds of server CPU, hence few parallel requests.
/// </summary>
public sealed partial class AccountFactory(Uri baseUrl, string password)
{
    /// <summary>Signs up <paramref name="userName"/> (or logs in when it exists) and returns its cookie.</summary>
    public async Task<Account> SignUpOrLogInAsync(string userName, CancellationToken cancellationToken)
    {
        var signUp = await PostFormAsync("/signup", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.DisplayName"] = "Load " + userName,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        }, cancellationToken);
        if (signUp.Account is { } account)
        {
            return account;
        }

        return await LogInAsync(userName, cancellationToken)
            ?? throw new InvalidOperationException($"Could not sign up or log in '{userName}'. Sign-up answered: {signUp.Problem}");
    }

    /// <summary>Logs an existing account in (on this factory's server); null when refused.</summary>
    public async Task<Account?> LogInAsync(string userName, CancellationToken cancellationToken)
    {
        var logIn = await PostFormAsync("/login", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
            ["Input.RememberMe"] = "false",
        }, cancellationToken);
        return logIn.Account is { } account ? account with { UserName = userName } : null;
    }

    private async Task<(Account? Account, string Problem)> PostFormAsync(string path, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var jar = new CookieJar();
        using var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };

        using var get = new HttpRequestMessage(HttpMethod.Get, path);
        using var page = await http.SendAsync(get, cancellationToken);
        jar.Absorb(page.Headers);
        var html = await page.Content.ReadAsStringAsync(cancellationToken);
        if (page.StatusCode != HttpStatusCode.OK)
        {
            return (null, $"GET {path} answered {(int)page.StatusCode}");
        }

        var token = TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups["v"].Value) : null;
        if (token is null)
        {
            return (null, $"GET {path} has no __RequestVerificationToken");
        }

        fields["__RequestVerificationToken"] = token;
        using var post = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", jar.Header());
        using var answer = await http.SendAsync(post, cancellationToken);
        // Success is a redirect that sets the sign-in cookie (whatever the app names it; it may come in chunks).
        var authCookies = jar.Absorb(answer.Headers).Where(n => !n.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)).ToArray();
        if (authCookies.Length > 0 && (int)answer.StatusCode is >= 300 and < 400)
        {
            return (new Account(fields.GetValueOrDefault("Input.UserName", string.Empty), jar.Header(authCookies)), string.Empty);
        }

        var body = await answer.Content.ReadAsStringAsync(cancellationToken);
        var errors = ErrorPattern().Matches(body).Select(e => WebUtility.HtmlDecode(e.Groups["e"].Value.Trim())).Where(e => e.Length > 0).Take(3);
        return (null, $"POST {path} answered {(int)answer.StatusCode}: {string.Join(" | ", errors)}");
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken""[^>]*?value=""(?<v>[^""]+)""|value=""(?<v>[^""]+)""[^>]*?name=""__RequestVerificationToken""", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    [GeneratedRegex("""<li>(?<e>[^<]{1,200})</li>|field-validation-error[^>]*>(?<e>[^<]{1,200})<""", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorPattern();
}
