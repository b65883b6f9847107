using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests.Cluster;

/// <summary>
/// A person in a drill, in a real Chromium page of the room: signs up in the page, types a message every so often
/// across the fault as anyone would (the composer and Enter), and at the end says what the page shows that it should not.
/// </summary>
public sealed class DrillBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;
    private readonly List<string> _typed = [];
    private readonly List<string> _console = [];

    private DrillBrowser(IPlaywright playwright, IBrowser browser, IPage page, string userName)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
        UserName = userName;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (_console)
                {
                    _console.Add(message.Text);
                }
            }
        };
    }

    /// <summary>The user name the page signed up with.</summary>
    public string UserName { get; }

    /// <summary>Every message typed and sent with Enter, in the order typed.</summary>
    public IReadOnlyList<string> Typed => _typed;

    /// <summary>Signs a new user up in a fresh browser on <paramref name="server"/> and opens the room's page there.</summary>
    public static async Task<DrillBrowser> OpenAsync(Uri server, string roomId)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await AppFixture.LaunchChromiumAsync(playwright);
        var context = await browser.NewContextAsync(new() { BaseURL = server.ToString() });
        var page = await context.NewPageAsync();
        var drillBrowser = new DrillBrowser(playwright, browser, page, AppFixture.NewUserName("pat"));
        await page.GotoAsync("signup");
        await page.GetByLabel("User name", new() { Exact = true }).FillAsync(drillBrowser.UserName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TestUser.GoodPassword);
        await page.GetByLabel("Confirm password").FillAsync(TestUser.GoodPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rooms", Exact = true })).ToBeVisibleAsync();
        await page.GotoAsync("rooms/" + roomId);
        await Expect(page.Locator("#connection-status")).ToHaveTextAsync("Connected");
        await Expect(page.Locator("#composer-text")).ToBeEnabledAsync();
        // Gone if the page ever reloads: the drill must be survived without one.
        await page.EvaluateAsync("() => { window.__drillMarker = 1; }");
        return drillBrowser;
    }

    /// <summary>
    /// Types a message every <paramref name="pause"/> until <paramref name="stop"/>, then waits until none is left
    /// pending. While the composer is disabled (reconnecting) the person waits, as anyone would.
    /// </summary>
    public async Task TypeUntilAsync(CancellationToken stop, TimeSpan pause)
    {
        var box = _page.GetByLabel("Message", new() { Exact = true });
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"{UserName} typed #{i}");
            try
            {
                await box.FillAsync(text, new() { Timeout = 1000 });
                await box.PressAsync("Enter", new() { Timeout = 1000 });
            }
            catch (TimeoutException)
            {
                // Disabled for now; try again after the pause.
            }

            // Sent only if the page took it: the composer empties when a message is handed to chat.js.
            if (await box.InputValueAsync() == string.Empty)
            {
                _typed.Add(text);
            }

            await Task.Delay(pause, CancellationToken.None);
        }

        try
        {
            await Expect(_page.Locator("#messages li.pending")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        }
        catch (PlaywrightException)
        {
            // Still pending after 20 s (ChatDrill gives up at 30 s): ProblemsAsync names them.
        }
    }

    /// <summary>
    /// Everything wrong with what the page shows, as sentences: it must show exactly <paramref name="log"/> (seqs and
    /// texts, in order, none twice), nothing pending or failed, every typed message stored once, and no reload.
    /// </summary>
    public async Task<IReadOnlyList<string>> ProblemsAsync(IReadOnlyList<ChatDrill.LoggedMessage> log)
    {
        var problems = new List<string>();
        var shownItems = _page.Locator("#messages li[data-seq]");
        try
        {
            // The last live frames and gap fills may still be on their way.
            await Expect(shownItems).ToHaveCountAsync(log.Count, new() { Timeout = 10_000 });
        }
        catch (PlaywrightException)
        {
            // Reported below with the difference.
        }

        // The body is rendered Markdown: a paragraph's text plus the line break Markdig ends each block with.
        var shown = await shownItems.EvaluateAllAsync<string[][]>(
            "items => items.map(li => [li.dataset.seq, li.querySelector('.text').textContent.trim()])");
        var shownPairs = shown.Select(s => (Seq: long.Parse(s[0], CultureInfo.InvariantCulture), Text: s[1])).ToArray();
        var expected = log.Select(m => (m.Seq, m.Text)).ToArray();
        if (!shownPairs.SequenceEqual(expected))
        {
            var at = shownPairs.Zip(expected).Select((p, i) => (p, i)).FirstOrDefault(x => x.p.First != x.p.Second);
            problems.Add($"The browser shows {shownPairs.Length} messages, the log holds {expected.Length}; seqs shown: "
                + string.Join(',', shownPairs.Select(p => p.Seq)) + (at.p != default ? $"; first difference at position {at.i}: {at.p.First} vs {at.p.Second}" : string.Empty));
        }

        var left = await _page.Locator("#messages li.pending, #messages li.failed").AllTextContentsAsync();
        problems.AddRange(left.Select(t => "The browser still shows a pending or failed message: " + t.Trim()));

        var stored = log.Where(m => string.Equals(m.Author, UserName, StringComparison.OrdinalIgnoreCase)).Select(m => m.Text).ToList();
        foreach (var text in _typed.Where(t => stored.Count(s => s == t) != 1))
        {
            problems.Add($"Typed \"{text}\" is stored {stored.Count(s => s == text)} times");
        }

        problems.AddRange(stored.Where(s => !_typed.Contains(s)).Select(s => $"Stored \"{s}\" was never typed"));
        if (_typed.Count == 0)
        {
            problems.Add("The browser typed nothing.");
        }

        if (await _page.EvaluateAsync<int?>("() => window.__drillMarker ?? null") != 1)
        {
            problems.Add("The page reloaded during the drill.");
        }

        if (problems.Count > 0)
        {
            lock (_console)
            {
                problems.Add("Browser console: " + string.Join(" | ", _console));
            }
        }

        return problems;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
