using Microsoft.AspNetCore.SignalR.Client;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>A live message frame that never reaches the page (the memory stream is best effort) is filled in.</summary>
public sealed partial class BrowserTests
{
    // Wraps the page's WebSocket so the first incoming frame record mentioning the marker is thrown away.
    private const string DropFirstRecordScript = """
        (() => {
            const Native = window.WebSocket;
            window.__chappDropped = false;
            window.WebSocket = class extends Native {
                set onmessage(handler) {
                    super.onmessage = event => {
                        if (!window.__chappDropped && typeof event.data === "string" && event.data.includes("drop-me")) {
                            window.__chappDropped = true;
                            const kept = event.data.split("\x1e").filter(record => !record.includes("drop-me")).join("\x1e");
                            if (kept.length > 0) {
                                handler(new MessageEvent("message", { data: kept }));
                            }
                            return;
                        }
                        handler(event);
                    };
                }
                get onmessage() { return super.onmessage; }
            };
        })();
        """;

    [Fact]
    public async Task A_live_message_lost_on_the_way_is_filled_in_and_shown_once_in_order()
    {
        var roomId = await NewPublicRoom("Lossy line");
        var alice = await SignUpInBrowser("Alice");
        await alice.Context.AddInitScriptAsync(DropFirstRecordScript);
        await OpenRoom(alice, roomId);
        await using var bob = await TestUser.SignUpAsync(app);
        var connection = bob.NewHubConnection();
        await connection.StartAsync();

        string[] texts = ["one", "drop-me", "three", "four"];
        foreach (var text in texts)
        {
            await TestUser.SendAsync(connection, roomId, text);
            await Task.Delay(300);
        }

        await Expect(Texts(alice)).ToHaveTextAsync(texts);
        Assert.True(await alice.EvaluateAsync<bool>("() => window.__chappDropped"), "The page never saw the frame it was meant to lose.");
        await Expect(alice.Locator("#messages li[data-seq]")).ToHaveCountAsync(texts.Length);
    }
}
