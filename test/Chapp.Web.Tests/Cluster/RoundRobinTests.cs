using Chapp.Grains;
using Chapp.Grains.Tests;
using Microsoft.Playwright;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests.Cluster;

/// <summary>
/// Two Chapp processes on one PostgreSQL database behind a round-robin proxy with no sticky sessions: every request
/// may land on either node, and three people in real browsers still sign up, chat and reconnect, each seeing every
/// message exactly once, in order.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class RoundRobinTests
{
    [Fact]
    public async Task Three_browsers_sign_up_chat_and_reconnect_while_requests_alternate_between_two_nodes()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var settings = ChappProcess.OnPostgres(database.ConnectionString);
        await using var a = await ChappProcess.StartAsync(settings);
        await using var b = await ChappProcess.StartAsync(settings);
        await using var proxy = await RoundRobinProxy.StartAsync(a, b);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await AppFixture.LaunchChromiumAsync(playwright);

        var ann = await SignUpAndOpenLobby(browser, proxy, "Ann");
        var ben = await SignUpAndOpenLobby(browser, proxy, "Ben");
        var cat = await SignUpAndOpenLobby(browser, proxy, "Cat");
        IPage[] everyone = [ann, ben, cat];

        // Round robin decides where each WebSocket lands, and a page load is a fixed number of requests: reload,
        // shifting the rotation by one request every other time, until the WebSockets are not all on one node.
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 4 && proxy.NodesServing("/hubs/chat").Count < 2; attempt++)
        {
            if (attempt % 2 == 1)
            {
                await http.GetAsync(new Uri(proxy.BaseAddress, "healthz"));
            }

            await OpenRoom(everyone[attempt % 3], ChappNames.LobbyRoomId);
        }

        Assert.True(proxy.NodesServing("/hubs/chat").Count == 2, "Served: " + string.Join(", ", proxy.Served.Select(r => $"{r.Path}@{r.Node.Port}")));

        var expected = new List<string>();
        async Task Say(IPage page, string text)
        {
            await Send(page, text);
            expected.Add(text);
        }

        await Say(ann, "Ann: hello");
        await Say(ben, "Ben: hi Ann");
        await Say(cat, "Cat: hi both");
        foreach (var page in everyone)
        {
            await Expect(Texts(page)).ToHaveTextAsync(expected.ToArray());
        }

        // Ben's network drops; the others talk on; Ben's page reconnects through the proxy to whichever node is next.
        await ben.Context.SetOfflineAsync(true);
        await Expect(ben.Locator("#connection-status")).ToHaveTextAsync("Offline");
        await Say(ann, "Ann: Ben, are you there?");
        await Say(cat, "Cat: he dropped off");
        await ben.Context.SetOfflineAsync(false);
        await Expect(ben.Locator("#connection-status")).ToHaveTextAsync("Connected", new() { Timeout = 15000 });
        await Say(ben, "Ben: back again");

        // Cat reloads: a new page, new asset requests, a new WebSocket.
        await OpenRoom(cat, ChappNames.LobbyRoomId);
        await Say(cat, "Cat: reloaded");

        foreach (var page in everyone)
        {
            await Expect(Texts(page)).ToHaveTextAsync(expected.ToArray());
            var seqs = await page.Locator("#messages li[data-seq]").EvaluateAllAsync<long[]>("els => els.map(e => Number(e.dataset.seq))");
            Assert.Equal(Enumerable.Range(1, expected.Count).Select(i => (long)i), seqs);
        }

        // Every request alternated: round robin over two nodes gives each half, to within one request.
        var served = proxy.Served.ToList();
        var onA = served.Count(r => r.Node == a.BaseAddress);
        var onB = served.Count(r => r.Node == b.BaseAddress);
        Assert.True(Math.Abs(onA - onB) <= 1 && onA + onB == served.Count && served.Count > 30, $"A served {onA}, B served {onB} of {served.Count}");
    }

    private static ILocator Texts(IPage page) => page.Locator("#messages li[data-seq] .text");

    private static async Task<IPage> SignUpAndOpenLobby(IBrowser browser, RoundRobinProxy proxy, string name)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = proxy.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Console.WriteLine($"[browser {name}] {message.Text}");
            }
        };
        await page.GotoAsync("signup");
        await page.GetByLabel("User name", new() { Exact = true }).FillAsync(AppFixture.NewUserName(name.ToLowerInvariant()));
        await page.GetByLabel("Display name (optional)").FillAsync(name);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TestUser.GoodPassword);
        await page.GetByLabel("Confirm password").FillAsync(TestUser.GoodPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rooms", Exact = true })).ToBeVisibleAsync();
        await OpenRoom(page, ChappNames.LobbyRoomId);
        return page;
    }
}
