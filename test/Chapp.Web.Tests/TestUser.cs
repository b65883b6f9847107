using System.Net;
using System.Text.RegularExpressions;
using Chapp.Grains;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chapp.Web.Tests;

/// <summary>A user driving the app over HTTP with its own cookie jar, and opening hub connections with its cookie.</summary>
public sealed partial class TestUser : IAsyncDisposable
{
    /// <summary>A password that meets the rules.</summary>
    public const string GoodPassword = "Correct-Horse-9";

    private readonly List<HubConnection> _connections = [];

    private TestUser(Uri baseAddress, string userName)
    {
        UserName = userName;
        Cookies = new CookieContainer();
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = true }) { BaseAddress = baseAddress };
    }

    /// <summary>The user name.</summary>
    public string UserName { get; }

    /// <summary>The cookie jar (auth and antiforgery cookies).</summary>
    public CookieContainer Cookies { get; }

    /// <summary>An HTTP client that carries the cookies.</summary>
    public HttpClient Http { get; }

    /// <summary>A client with no account yet.</summary>
    public static TestUser Anonymous(AppFixture app, string? userName = null) => new(app.BaseAddress, userName ?? AppFixture.NewUserName());

    /// <summary>Signs a new user up (which also signs them in).</summary>
    public static Task<TestUser> SignUpAsync(AppFixture app, string? userName = null, string? displayName = null) =>
        SignUpAsync(app.BaseAddress, userName, displayName);

    /// <summary>Signs a new user up on the server at <paramref name="baseAddress"/> (which also signs them in).</summary>
    public static async Task<TestUser> SignUpAsync(Uri baseAddress, string? userName = null, string? displayName = null)
    {
        var user = new TestUser(baseAddress, userName ?? AppFixture.NewUserName());
        using var response = await user.PostFormAsync("/signup", new()
        {
            ["Input.UserName"] = user.UserName,
            ["Input.DisplayName"] = displayName ?? string.Empty,
            ["Input.Password"] = GoodPassword,
            ["Input.ConfirmPassword"] = GoodPassword,
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK && response.RequestMessage!.RequestUri!.AbsolutePath == "/",
            $"Sign-up of {user.UserName} failed: {(int)response.StatusCode} {html}");
        return user;
    }

    /// <summary>Posts the log-in form and returns the response.</summary>
    public Task<HttpResponseMessage> LogInAsync(string password, bool rememberMe = false) =>
        PostFormAsync("/login", new()
        {
            ["Input.UserName"] = UserName,
            ["Input.Password"] = password,
            ["Input.RememberMe"] = rememberMe ? "true" : "false",
        });

    /// <summary>Loads the form page at <paramref name="path"/>, then posts it with the page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await Http.GetStringAsync(formPage ?? path);
        fields["__RequestVerificationToken"] = AntiforgeryToken(page);
        return await Http.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>The antiforgery token of the first form in <paramref name="html"/>.</summary>
    public static string AntiforgeryToken(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "No antiforgery token in the page.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>An unstarted hub connection carrying this user's cookies.</summary>
    public HubConnection NewHubConnection()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Http.BaseAddress!, "hubs/chat"), o => o.Cookies = Cookies)
            .Build();
        _connections.Add(connection);
        return connection;
    }

    /// <summary>A started hub connection that has joined <paramref name="roomId"/> from scratch.</summary>
    public async Task<(HubConnection Connection, Chat.JoinResult Joined)> ConnectToRoomAsync(string roomId)
    {
        var connection = NewHubConnection();
        await connection.StartAsync();
        var joined = await connection.InvokeAsync<Chat.JoinResult>("JoinRoom", roomId, 0L);
        return (connection, joined);
    }

    /// <summary>Sends a message through <paramref name="connection"/>.</summary>
    public static Task<ChatMessage> SendAsync(HubConnection connection, string roomId, string text, string? clientMessageId = null) =>
        connection.InvokeAsync<ChatMessage>("Send", roomId, text, clientMessageId ?? Guid.NewGuid().ToString("N"));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        Http.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
