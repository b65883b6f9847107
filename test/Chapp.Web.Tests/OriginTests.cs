using System.Net;
using System.Net.WebSockets;
using System.Text;
using Chapp.Web.Security;

namespace Chapp.Web.Tests;

/// <summary>
/// Cross-site WebSocket hijacking: a page on another site opens the hub with the victim's cookie (browsers send it,
/// and CORS does not cover WebSockets). The hub must refuse any origin but its own and the configured ones.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class OriginTests(AppFixture app)
{
    private const string Evil = "https://evil.example";

    [Fact]
    public async Task A_WebSocket_from_another_site_with_the_victims_cookie_gets_403()
    {
        await using var victim = await TestUser.SignUpAsync(app);

        using var socket = await OpenHubSocket(victim, Evil);

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
        Assert.NotEqual(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task Negotiate_from_another_site_gets_403_and_no_connection()
    {
        await using var victim = await TestUser.SignUpAsync(app);

        using var response = await Negotiate(victim, Evil);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(OriginCheckMiddleware.Refusal, body);
        Assert.DoesNotContain("connectionToken", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_s_own_origin_and_clients_without_origin_connect()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var own = app.BaseAddress.GetLeftPart(UriPartial.Authority);

        using var socket = await OpenHubSocket(user, own);
        Assert.Equal(WebSocketState.Open, socket.State);
        // The SignalR handshake answers: the hub is live on this socket.
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, default);
        var buffer = new byte[256];
        var read = await socket.ReceiveAsync(buffer, new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        Assert.Equal("{}\u001e", Encoding.UTF8.GetString(buffer, 0, read.Count));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);

        using var sameSite = await Negotiate(user, own);
        Assert.Equal(HttpStatusCode.OK, sameSite.StatusCode);
        using var noOrigin = await Negotiate(user, null);
        Assert.Equal(HttpStatusCode.OK, noOrigin.StatusCode);
        using var nullOrigin = await Negotiate(user, "null");
        Assert.Equal(HttpStatusCode.Forbidden, nullOrigin.StatusCode);
    }

    /// <summary>Opens a raw WebSocket to the hub (no negotiate, as SignalR allows) with the user's cookie and an Origin.</summary>
    internal static async Task<ClientWebSocket> OpenHubSocket(TestUser user, string origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = user.Cookies;
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", origin);
        var uri = new UriBuilder(new Uri(user.Http.BaseAddress!, "hubs/chat")) { Scheme = "ws" }.Uri;
        try
        {
            await socket.ConnectAsync(uri, new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        }
        catch (WebSocketException)
        {
            // Refused: the caller reads HttpStatusCode.
        }

        return socket;
    }

    /// <summary>Posts the hub's negotiate request with the user's cookie and, unless null, an Origin.</summary>
    internal static Task<HttpResponseMessage> Negotiate(TestUser user, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "hubs/chat/negotiate?negotiateVersion=1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return user.Http.SendAsync(request);
    }
}
