using System.Net;
using System.Text.RegularExpressions;

namespace Chapp.Web.Tests;

/// <summary>
/// Behind a TLS-terminating proxy: forwarded headers from a known proxy set the client address (what the log-in
/// limit keys on), the scheme (Secure cookie, HSTS) and the host (the hub's own origin); from anyone else they are
/// ignored, so a client cannot pick its own address to escape the limit.
/// </summary>
public sealed class ProxyTests(ProxyTests.KnownProxyApp known, ProxyTests.UnknownProxyApp unknown)
    : IClassFixture<ProxyTests.KnownProxyApp>, IClassFixture<ProxyTests.UnknownProxyApp>
{
    [Fact]
    public async Task Through_a_known_proxy_under_TLS_the_log_in_cookie_is_Secure_and_HSTS_is_sent()
    {
        using var client = Client(known);

        using var response = await SignUp(client, AppFixture.NewUserName(), Forwarded("203.0.113.10", "https"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var auth = AuthCookie(response);
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"), "No HSTS header under forwarded HTTPS.");
    }

    [Fact]
    public async Task Through_a_known_proxy_each_client_address_has_its_own_log_in_budget()
    {
        using var client = Client(known);

        var first = await LogInAttempts(client, 4, "203.0.113.5");
        var other = await LogInAttempts(client, 1, "203.0.113.6");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        Assert.Equal([HttpStatusCode.OK], other);
    }

    [Fact]
    public async Task Through_a_known_proxy_the_public_origin_and_configured_origins_may_open_the_hub()
    {
        using var client = Client(known);
        var userName = AppFixture.NewUserName();
        (await SignUp(client, userName, Forwarded("203.0.113.20", "http"))).Dispose();

        using var ownPublic = await Negotiate(client, "https://chat.example.test", Forwarded("203.0.113.20", "https"));
        using var configured = await Negotiate(client, "https://partner.example.test", new());
        using var evil = await Negotiate(client, "https://evil.example", Forwarded("203.0.113.20", "https"));

        Assert.Equal(HttpStatusCode.OK, ownPublic.StatusCode);
        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, evil.StatusCode);
    }

    [Fact]
    public async Task From_an_unknown_proxy_forwarded_headers_are_ignored()
    {
        using var client = Client(unknown);

        using var signUp = await SignUp(client, AppFixture.NewUserName(), Forwarded("203.0.113.7", "https"));
        // Four different claimed addresses share the real one's budget (the sign-up took one of its 3).
        var statuses = new List<HttpStatusCode>();
        foreach (var address in new[] { "203.0.113.8", "203.0.113.9", "203.0.113.11" })
        {
            statuses.AddRange(await LogInAttempts(client, 1, address));
        }

        Assert.Equal(HttpStatusCode.Redirect, signUp.StatusCode);
        Assert.DoesNotContain("secure", AuthCookie(signUp), StringComparison.OrdinalIgnoreCase);
        Assert.False(signUp.Headers.Contains("Strict-Transport-Security"), "HSTS sent over plain HTTP.");
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    private static Dictionary<string, string> Forwarded(string address, string scheme) => new()
    {
        ["X-Forwarded-For"] = address,
        ["X-Forwarded-Proto"] = scheme,
        ["X-Forwarded-Host"] = "chat.example.test",
    };

    private static HttpClient Client(AppFixture app) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

    private static async Task<HttpResponseMessage> SignUp(HttpClient client, string userName, Dictionary<string, string> headers)
    {
        var form = await Send(client, HttpMethod.Get, "/signup", headers);
        return await Send(client, HttpMethod.Post, "/signup", headers, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = TestUser.GoodPassword,
            ["Input.ConfirmPassword"] = TestUser.GoodPassword,
            ["__RequestVerificationToken"] = TestUser.AntiforgeryToken(await form.Content.ReadAsStringAsync()),
        }));
    }

    private static async Task<List<HttpStatusCode>> LogInAttempts(HttpClient client, int count, string address)
    {
        var headers = Forwarded(address, "http");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var form = await Send(client, HttpMethod.Get, "/login", headers);
            using var response = await Send(client, HttpMethod.Post, "/login", headers, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.UserName"] = "nobody_here",
                ["Input.Password"] = "Wrong-password-1",
                ["__RequestVerificationToken"] = TestUser.AntiforgeryToken(await form.Content.ReadAsStringAsync()),
            }));
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    private static Task<HttpResponseMessage> Negotiate(HttpClient client, string origin, Dictionary<string, string> headers) =>
        Send(client, HttpMethod.Post, "/hubs/chat/negotiate?negotiateVersion=1",
            new Dictionary<string, string>(headers) { ["Origin"] = origin });

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, Dictionary<string, string> headers,
        HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return client.SendAsync(request);
    }

    private static string AuthCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => Regex.IsMatch(c, @"^chapp\.auth="));

    /// <summary>A server that believes 127.0.0.1 as a proxy, allows a partner origin, and allows 3 log-in posts a minute per address.</summary>
    public sealed class KnownProxyApp() : AppFixture(new Dictionary<string, string>
    {
        ["Chapp:Proxy:KnownProxies:0"] = "127.0.0.1",
        ["Chapp:AllowedOrigins:0"] = "https://partner.example.test",
        ["Chapp:Limits:AuthPerMinute"] = "3",
    });

    /// <summary>A server whose only known proxy is elsewhere, with 3 log-in posts a minute per address.</summary>
    public sealed class UnknownProxyApp() : AppFixture(new Dictionary<string, string>
    {
        ["Chapp:Proxy:KnownProxies:0"] = "10.9.9.9",
        ["Chapp:Limits:AuthPerMinute"] = "3",
    });
}
