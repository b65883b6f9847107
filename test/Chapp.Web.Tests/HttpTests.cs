using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chapp.Grains;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>Accounts, pages and hosting safety, checked through HTTP as a browser without script sees them.</summary>
[Collection(WebCollection.Name)]
public sealed partial class HttpTests(AppFixture app)
{
    [Fact]
    public async Task Sign_up_with_a_taken_name_shows_an_error_next_to_the_name()
    {
        await using var first = await TestUser.SignUpAsync(app);
        await using var second = TestUser.Anonymous(app);

        using var response = await second.PostFormAsync("/signup", new()
        {
            ["Input.UserName"] = first.UserName.ToUpperInvariant(),
            ["Input.Password"] = TestUser.GoodPassword,
            ["Input.ConfirmPassword"] = TestUser.GoodPassword,
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("/signup", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains($"The user name &#x27;{first.UserName.ToUpperInvariant()}&#x27; is taken.", html);
        Assert.Contains("id=\"username-error\"", html);
        Assert.DoesNotContain(TestUser.GoodPassword, html);
    }

    [Fact]
    public async Task Sign_up_with_a_weak_password_shows_the_rule_and_never_echoes_it()
    {
        await using var user = TestUser.Anonymous(app);

        using var response = await user.PostFormAsync("/signup", new()
        {
            ["Input.UserName"] = user.UserName,
            ["Input.Password"] = "short1A!",
            ["Input.ConfirmPassword"] = "short1A?",
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("The two passwords differ.", html);
        Assert.DoesNotContain("short1A", html);
    }

    [Fact]
    public async Task A_form_post_without_antiforgery_token_is_refused_with_400()
    {
        await using var user = TestUser.Anonymous(app);

        using var response = await user.Http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = user.UserName,
            ["Input.Password"] = TestUser.GoodPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        await using var owner = await TestUser.SignUpAsync(app);
        await using var guesser = TestUser.Anonymous(app, owner.UserName);

        for (var i = 0; i < 4; i++)
        {
            using var wrong = await guesser.LogInAsync("Wrong-Password-" + i);
            Assert.Contains("Wrong user name or password.", await wrong.Content.ReadAsStringAsync());
        }

        using var fifth = await guesser.LogInAsync("Wrong-Password-5");
        using var sixth = await guesser.LogInAsync(TestUser.GoodPassword);
        var html = await sixth.Content.ReadAsStringAsync();

        Assert.Contains("Try again in 5 minutes.", await fifth.Content.ReadAsStringAsync());
        Assert.Equal("/login", sixth.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("This account is locked after too many failed attempts. Try again in 5 minutes.", html);
        Assert.DoesNotContain(guesser.Cookies.GetCookies(app.BaseAddress), c => c.Name == "chapp.auth");
    }

    [Fact]
    public async Task The_right_password_signs_in_and_log_out_signs_out()
    {
        await using var owner = await TestUser.SignUpAsync(app);
        await using var again = TestUser.Anonymous(app, owner.UserName);

        using var login = await again.LogInAsync(TestUser.GoodPassword);
        Assert.Equal("/", login.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Signed in as", await login.Content.ReadAsStringAsync());

        using var logout = await again.PostFormAsync("/logout", [], formPage: "/");
        Assert.Equal("/login", logout.RequestMessage!.RequestUri!.AbsolutePath);
        using var home = await again.Http.GetAsync("/");
        Assert.Equal("/login", home.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Pages_need_a_signed_in_user_but_health_and_static_files_do_not()
    {
        await using var anonymous = TestUser.Anonymous(app);

        using var room = await anonymous.Http.GetAsync("/rooms/lobby");
        using var health = await anonymous.Http.GetAsync("/healthz");
        using var css = await anonymous.Http.GetAsync("/css/site.css");

        Assert.Equal("/login", room.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("?ReturnUrl=%2Frooms%2Flobby", room.RequestMessage.RequestUri.Query);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
    }

    [Fact]
    public async Task The_SignalR_script_is_served_and_listed_in_the_static_assets_manifest()
    {
        await using var anonymous = TestUser.Anonymous(app);

        using var response = await anonymous.Http.GetAsync("/lib/signalr/signalr.min.js");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("HubConnectionBuilder", body);

        // A browser asks for the compressed, fingerprinted URL the page links to; it must carry the script too.
        using var browserLike = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.All })
        {
            BaseAddress = app.BaseAddress,
        };
        var page = await (await TestUser.SignUpAsync(app)).Http.GetStringAsync("/rooms/lobby");
        var src = System.Text.RegularExpressions.Regex.Match(page, "src=\"(/lib/signalr/[^\"]+)\"").Groups[1].Value;
        Assert.Matches(@"^/lib/signalr/signalr\.min\.\w+\.js$", src);
        var linked = await browserLike.GetStringAsync(src);
        Assert.Equal(body, linked);

        // Development serves wwwroot files even when the build left them out of the manifest; published apps do not.
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(ManifestPath()));
        var routes = manifest.RootElement.GetProperty("Endpoints").EnumerateArray().Select(e => e.GetProperty("Route").GetString());
        Assert.Contains("lib/signalr/signalr.min.js", routes);
    }

    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        await using var anonymous = TestUser.Anonymous(app);

        using var response = await anonymous.Http.GetAsync("/login");

        Assert.Equal(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
            Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Single(response.Headers.GetValues("Referrer-Policy"));
    }

    [Fact]
    public async Task Hostile_html_is_stored_verbatim_and_encoded_on_the_room_page()
    {
        const string hostile = "<img src=x onerror=alert(1)> & <script>alert(1)</script>";
        await using var user = await TestUser.SignUpAsync(app);
        var (connection, _) = await user.ConnectToRoomAsync(ChappNames.LobbyRoomId);

        var stored = await TestUser.SendAsync(connection, ChappNames.LobbyRoomId, hostile);
        var history = await connection.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMissed", ChappNames.LobbyRoomId, stored.Seq - 1);
        var html = await user.Http.GetStringAsync("/rooms/lobby");

        Assert.Equal(hostile, Assert.Single(history).Text);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("<script>alert(1)", html);
    }

    [Fact]
    public async Task Creating_a_room_joins_it_and_lists_it_in_the_sidebar_not_among_the_rooms_to_join()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var name = "Rust & Go " + Guid.NewGuid().ToString("N")[..6];

        using var created = await user.PostFormAsync("/?handler=Create", new() { ["RoomName"] = name }, formPage: "/");
        var home = await user.Http.GetStringAsync("/");

        var id = ChatRules.RoomIdFromName(name);
        Assert.Equal("/rooms/" + id, created.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains($"<h1><bdi>{name.Replace("&", "&amp;")}</bdi></h1>", await created.Content.ReadAsStringAsync());
        Assert.Contains($"data-room-id=\"{id}\"", home);
        Assert.Single(Regex.Matches(home, Regex.Escape($"href=\"/rooms/{id}\""))); // the sidebar's link only
    }

    [Fact]
    public async Task The_home_page_offers_the_public_rooms_the_reader_has_not_joined_and_forms_to_start_something()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var (joined, notJoined) = ("h-" + Guid.NewGuid().ToString("N")[..12], "h-" + Guid.NewGuid().ToString("N")[..12]);
        await grains.GetRoom(joined).Create("Home joined " + joined, RoomKind.Public, user.UserName, []);
        await grains.GetRoom(notJoined).Create("Home open " + notJoined, RoomKind.Public, user.UserName, []);
        await grains.GetUser(user.UserName).JoinRoom(joined);

        var home = await user.Http.GetStringAsync("/");
        var toJoin = home.Split("id=\"public-rooms\"")[1].Split("</ul>")[0];

        Assert.Contains($"href=\"/rooms/{notJoined}\"", toJoin);
        Assert.DoesNotContain(joined, toJoin);
        Assert.Single(Regex.Matches(home, Regex.Escape($"href=\"/rooms/{joined}\""))); // in the sidebar, once
        Assert.DoesNotContain("id=\"joined-rooms\"", home);
        Assert.Contains("<h2 id=\"dm-heading\">Start a conversation</h2>", home);
        Assert.Contains("href=\"/conversations/new\"", home);
        Assert.Contains("<h2 id=\"create-heading\">Create a room</h2>", home);
    }

    [Fact]
    public async Task A_direct_conversation_is_private_to_its_two_members()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        await using var eve = await TestUser.SignUpAsync(app);

        using var opened = await alice.PostFormAsync("/?handler=Direct", new() { ["OtherUser"] = bob.UserName }, formPage: "/");
        var path = opened.RequestMessage!.RequestUri!.AbsolutePath;
        using var bobView = await bob.Http.GetAsync(path);
        using var eveView = await eve.Http.GetAsync(path);

        Assert.StartsWith("/rooms/dm-", path);
        Assert.Contains("Conversation with " + bob.UserName, await opened.Content.ReadAsStringAsync());
        Assert.Contains("Conversation with " + alice.UserName, await bobView.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, eveView.StatusCode);
    }

    [Fact]
    public async Task The_room_form_sends_without_script_once_per_form_and_explains_an_empty_message()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var roomId = "t-" + Guid.NewGuid().ToString("N")[..12];
        await app.Services.GetRequiredService<IGrainFactory>().GetRoom(roomId).Create("No script", RoomKind.Public, user.UserName, []);
        var path = "/rooms/" + roomId + "?handler=Send";
        var form = await user.Http.GetStringAsync("/rooms/" + roomId);
        var clientId = ClientMessageIdPattern().Match(form).Groups[1].Value;
        Assert.NotEmpty(clientId);

        using var sent = await user.PostFormAsync(path, new() { ["Text"] = "from a plain form", ["ClientMessageId"] = clientId }, "/rooms/" + roomId);
        using var resent = await user.PostFormAsync(path, new() { ["Text"] = "from a plain form", ["ClientMessageId"] = clientId }, "/rooms/" + roomId);
        using var empty = await user.PostFormAsync(path, new() { ["Text"] = "   ", ["ClientMessageId"] = "other-1" }, "/rooms/" + roomId);

        var page = await sent.Content.ReadAsStringAsync();
        Assert.Equal("/rooms/" + roomId, sent.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Single(MessageTextPattern().Matches(page), m => m.Groups[1].Value == "from a plain form");
        Assert.Single(MessageTextPattern().Matches(await resent.Content.ReadAsStringAsync()));
        Assert.Contains("A message cannot be empty.", await empty.Content.ReadAsStringAsync());
        var stored = await app.Services.GetRequiredService<IGrainFactory>().GetRoom(roomId).GetLatest(user.UserName, 10);
        Assert.Equal(["from a plain form"], stored.Select(m => m.Text));
    }

    [GeneratedRegex("name=\"ClientMessageId\" value=\"([^\"]+)\"")]
    private static partial Regex ClientMessageIdPattern();

    [GeneratedRegex("<div class=\"text\"><p>([^<]*)</p>")]
    private static partial Regex MessageTextPattern();

    [Fact]
    public async Task An_unknown_room_is_a_readable_404()
    {
        await using var user = await TestUser.SignUpAsync(app);

        using var response = await user.Http.GetAsync("/rooms/no-such-room-at-all");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no room &#x27;no-such-room-at-all&#x27; you can open.", html);
    }

    private static string ManifestPath()
    {
        // The test runs from test/Chapp.Web.Tests/bin/<Configuration>/<tfm>/; the app's output is the same below src/Chapp.Web.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var repo = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(repo, "src", "Chapp.Web", "bin", configuration, tfm, "Chapp.Web.staticwebassets.endpoints.json");
    }
}
