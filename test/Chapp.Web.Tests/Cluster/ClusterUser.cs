using System.Net;

namespace Chapp.Web.Tests.Cluster;

/// <summary>
/// A person with one cookie jar who reaches several Chapp processes: cookies are scoped by host, not port, so a
/// cookie issued by one process on 127.0.0.1 is sent to every other, as behind one load-balanced address.
/// </summary>
public sealed class ClusterUser : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>A user with an empty cookie jar.</summary>
    public ClusterUser()
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
    }

    /// <summary>The user name, once signed up.</summary>
    public string UserName { get; } = AppFixture.NewUserName("k");

    /// <summary>Signs up through <paramref name="node"/>; the auth cookie lands in the jar.</summary>
    public async Task SignUpAsync(ChappProcess node)
    {
        var token = TestUser.AntiforgeryToken(await GetStringAsync(node, "signup"));
        using var response = await PostAsync(node, "signup", token, new()
        {
            ["Input.UserName"] = UserName,
            ["Input.Password"] = TestUser.GoodPassword,
            ["Input.ConfirmPassword"] = TestUser.GoodPassword,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-up failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>GET without following redirects.</summary>
    public Task<HttpResponseMessage> GetAsync(ChappProcess node, string path) => _http.GetAsync(new Uri(node.BaseAddress, path));

    /// <summary>GET of a page that must answer 200.</summary>
    public async Task<string> GetStringAsync(ChappProcess node, string path)
    {
        using var response = await GetAsync(node, path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} on {node.BaseAddress}: {(int)response.StatusCode} to {response.Headers.Location}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Posts a form with the given antiforgery token, without following redirects.</summary>
    public Task<HttpResponseMessage> PostAsync(ChappProcess node, string path, string token, Dictionary<string, string>? fields = null)
    {
        fields ??= [];
        fields["__RequestVerificationToken"] = token;
        return _http.PostAsync(new Uri(node.BaseAddress, path), new FormUrlEncodedContent(fields));
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
