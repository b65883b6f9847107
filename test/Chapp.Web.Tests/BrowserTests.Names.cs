using Chapp.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Chapp.Web.Tests.ChatPage;
using static Microsoft.Playwright.Assertions;

namespace Chapp.Web.Tests;

/// <summary>Names that try to pass for someone else, and line breaks from a form without script, in a real browser.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task An_impersonating_display_name_is_refused_and_every_message_shows_the_user_name_beside_the_display_name()
    {
        // Mallory tries to pass for bob: a right-to-left override, "bob", a zero-width space.
        var mallory = await NewPage("Mallory");
        await mallory.GotoAsync("signup");
        await mallory.GetByLabel("User name", new() { Exact = true }).FillAsync(AppFixture.NewUserName("mallory"));
        await mallory.GetByLabel("Display name (optional)").FillAsync("\u202Ebob\u200B");
        await mallory.GetByLabel("Password", new() { Exact = true }).FillAsync(TestUser.GoodPassword);
        await mallory.GetByLabel("Confirm password").FillAsync(TestUser.GoodPassword);
        await mallory.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await Expect(mallory.Locator("#displayname-error")).ToContainTextAsync(
            "no control, formatting (such as right-to-left or zero-width) or line-break characters");
        await Expect(mallory).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signup$"));
        await Expect(mallory.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToHaveCountAsync(0);

        // Anyone may still call themselves "Alice"; the unique @user name next to it tells who it is.
        var roomId = await NewPublicRoom("Names");
        var alice = await SignUpInBrowser("Alice");
        var reader = await SignUpInBrowser("Reader");
        await OpenRoom(alice, roomId);
        await OpenRoom(reader, roomId);
        var expected = $"Alice (@{await UserName(alice)})";

        await Send(alice, "it is really me");

        await Expect(reader.Locator("#messages li[data-seq] .author")).ToHaveTextAsync([expected]); // live (chat.js)
        await Expect(reader.Locator("#messages li[data-seq] .author bdi")).ToHaveTextAsync(["Alice"]);
        await reader.ReloadAsync();
        await Expect(reader.Locator("#messages li[data-seq] .author")).ToHaveTextAsync([expected]); // rendered by the server
        await Expect(reader.Locator("#messages li[data-seq] .author bdi")).ToHaveTextAsync(["Alice"]);
    }

    [Fact]
    public async Task A_multi_line_message_sent_from_the_form_without_script_is_stored_with_newlines()
    {
        var roomId = await NewPublicRoom("No script");
        var page = await SignUpInBrowser("Plain", javaScript: false);
        await page.GotoAsync("rooms/" + roomId);

        // The browser submits the textarea's line break as CRLF.
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("line1\nline2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(page.Locator("#composer-reason")).ToBeEmptyAsync();
        await Expect(page.Locator("#messages li[data-seq] .text")).ToHaveTextAsync(["line1\nline2"]);
        var stored = await app.Services.GetRequiredService<IGrainFactory>().GetRoom(roomId).GetLatest("system", 10);
        Assert.Equal(["line1\nline2"], stored.Select(m => m.Text));
    }
}
