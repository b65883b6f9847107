using System.Text.RegularExpressions;
using Chapp.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>What people see in a real browser: live delivery, history, log-out, hostile text, reconnecting.</summary>
[Collection(WebCollection.Name)]
public sealed partial class BrowserTests(AppFixture app) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task Three_users_see_a_message_live_history_survives_reload_and_log_out_ends_access()
    {
        var roomId = await NewPublicRoom("Three of us");
        var alice = await SignUpInBrowser("Alice");
        var bob = await SignUpInBrowser("Bob");
        var carol = await SignUpInBrowser("Carol");
        foreach (var page in new[] { alice, bob, carol })
        {
            await OpenRoom(page, roomId);
        }

        await Send(alice, "Hello, both of you!");

        var fast = new LocatorAssertionsToHaveTextOptions { Timeout = 2000 };
        await Expect(Texts(bob)).ToHaveTextAsync(["Hello, both of you!"], fast);
        await Expect(Texts(carol)).ToHaveTextAsync(["Hello, both of you!"], fast);
        await Expect(alice.Locator("#messages li.own .text")).ToHaveTextAsync(["Hello, both of you!"]);
        await Expect(bob.Locator("#messages li.own")).ToHaveCountAsync(0);
        await Expect(bob.Locator("#messages li .author")).ToHaveTextAsync([$"Alice (@{await UserName(alice)})"]);

        await bob.ReloadAsync();
        await Expect(Texts(bob)).ToHaveTextAsync(["Hello, both of you!"]);
        await Expect(bob.Locator("#connection-status")).ToHaveTextAsync("Connected");

        await carol.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(carol).ToHaveURLAsync(LoginUrl());
        await carol.GotoAsync(new Uri(app.BaseAddress, "rooms/" + roomId).ToString());
        await Expect(carol).ToHaveURLAsync(LoginUrl());
        await Expect(carol.Locator("#messages")).ToHaveCountAsync(0);

        await ScreenshotAsync(alice);
    }

    [Fact]
    public async Task Hostile_html_shows_as_text_and_runs_nothing()
    {
        var roomId = await NewPublicRoom("Hostile");
        var sender = await SignUpInBrowser("Mallory");
        var reader = await SignUpInBrowser("Reader");
        var dialogs = 0;
        sender.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        reader.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await OpenRoom(sender, roomId);
        await OpenRoom(reader, roomId);

        await Send(sender, "<img src=x onerror=alert(1)>");
        await Send(sender, "<script>alert(1)</script>");

        string[] expected = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>"];
        await Expect(Texts(reader)).ToHaveTextAsync(expected);
        await Expect(Texts(sender)).ToHaveTextAsync(expected);
        await reader.ReloadAsync();
        await Expect(Texts(reader)).ToHaveTextAsync(expected);
        await Expect(reader.Locator("#messages img")).ToHaveCountAsync(0);
        await Expect(reader.Locator("#messages script")).ToHaveCountAsync(0);
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task A_client_that_was_offline_reconnects_and_shows_what_it_missed_once_in_order()
    {
        var roomId = await NewPublicRoom("Flaky network");
        var sender = await SignUpInBrowser("Sender");
        var traveller = await SignUpInBrowser("Traveller");
        await OpenRoom(sender, roomId);
        await OpenRoom(traveller, roomId);
        await Send(sender, "before");
        await Expect(Texts(traveller)).ToHaveTextAsync(["before"]);

        await traveller.Context.SetOfflineAsync(true);
        await Expect(traveller.Locator("#connection-status")).ToHaveTextAsync("Offline");
        await Expect(traveller.Locator("#composer-text")).ToBeDisabledAsync();
        await Expect(traveller.Locator("#composer-reason")).ToContainTextAsync("offline");

        string[] missed = ["one", "two", "three", "four", "five"];
        foreach (var text in missed)
        {
            await Send(sender, text);
        }

        await Expect(Texts(sender)).ToHaveTextAsync(["before", .. missed]);
        await Expect(Texts(traveller)).ToHaveTextAsync(["before"]); // it really was cut off

        await traveller.Context.SetOfflineAsync(false);
        await Expect(traveller.Locator("#connection-status")).ToHaveTextAsync("Connected", new() { Timeout = 15000 });
        await Expect(Texts(traveller)).ToHaveTextAsync(["before", .. missed]);
        await Expect(traveller.Locator("#composer-text")).ToBeEnabledAsync();
        var seqs = await traveller.Locator("#messages li[data-seq]").EvaluateAllAsync<long[]>("els => els.map(e => Number(e.dataset.seq))");
        Assert.Equal(seqs.Order().Distinct(), seqs);
    }

    [Fact]
    public async Task The_room_header_shows_who_is_online_and_updates_live()
    {
        var roomId = await NewPublicRoom("Who is here");
        var first = await SignUpInBrowser("First");
        var second = await SignUpInBrowser("Second");
        await OpenRoom(first, roomId);
        var firstName = await UserName(first);
        await Expect(first.Locator("#presence")).ToContainTextAsync("1 online");
        await Expect(first.Locator("#presence")).ToContainTextAsync(firstName);

        await OpenRoom(second, roomId);
        var secondName = await UserName(second);
        await Expect(first.Locator("#presence")).ToContainTextAsync(secondName);
        await Expect(first.Locator("#presence .presence-count")).ToHaveTextAsync("2 online");
        await Expect(second.Locator("#presence")).ToContainTextAsync(firstName);

        await second.CloseAsync();
        await Expect(first.Locator("#presence")).Not.ToContainTextAsync(secondName);
        await Expect(first.Locator("#presence .presence-count")).ToHaveTextAsync("1 online");
    }

    private static Task<string> UserName(IPage page) =>
        page.EvaluateAsync<string>("() => document.getElementById('chat').dataset.userName");

    private static ILocator Texts(IPage page) => page.Locator("#messages li[data-seq] .text");

    private Regex LoginUrl() => new("/login(\\?.*)?$");

    private async Task<string> NewPublicRoom(string name)
    {
        var roomId = "b-" + Guid.NewGuid().ToString("N")[..12];
        await app.Services.GetRequiredService<IGrainFactory>().GetRoom(roomId).Create(name, RoomKind.Public, "system", []);
        return roomId;
    }

    private async Task<IPage> SignUpInBrowser(string displayName, bool javaScript = true, string? userName = null, bool bypassCsp = false)
    {
        var page = await NewPage(displayName, javaScript, bypassCsp);
        await page.GotoAsync("signup");
        await page.GetByLabel("User name", new() { Exact = true }).FillAsync(userName ?? AppFixture.NewUserName(displayName.ToLowerInvariant()));
        await page.GetByLabel("Display name (optional)").FillAsync(displayName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TestUser.GoodPassword);
        await page.GetByLabel("Confirm password").FillAsync(TestUser.GoodPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rooms", Exact = true })).ToBeVisibleAsync();
        return page;
    }

    // A fresh browser context (its own cookie jar) and page; bypassCsp lifts the page's Content-Security-Policy, so a
    // test of injected markup sees what the markup alone would do.
    private async Task<IPage> NewPage(string name, bool javaScript = true, bool bypassCsp = false)
    {
        var browser = await app.Browser();
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 900, Height = 700 }, JavaScriptEnabled = javaScript,
            BypassCSP = bypassCsp,
        });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        // Script errors go to the test log: a broken page otherwise only shows as a timeout.
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Console.WriteLine($"[browser {name}] {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => Console.WriteLine($"[browser {name}] page error: {error}");
        return page;
    }

    private static async Task ScreenshotAsync(IPage page)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var repo = testOutput.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        // A build artifact (git-ignored), so test runs do not dirty the tree; docs/screenshots/chat.png is a copy of one.
        var path = Path.Combine(repo, "artifacts", "screenshots", "chat.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path });
    }
}
