using System.Net;

namespace Chapp.Web.Tests;

/// <summary>
/// Passwords per NIST SP 800-63B, through the sign-up form: length is the rule (8 to 128 characters, any characters,
/// spaces welcome), no composition rules, and never the user name.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PasswordPolicyTests(AppFixture app)
{
    public static TheoryData<string> Accepted => new()
    {
        "correct horse battery staple", // a passphrase: no digit, no capital, no symbol
        "12345678",                      // exactly 8
        "Ünïcödé ☃ und Leerzeichen",    // non-ASCII and spaces
        "mot de passe très long et sûr, oui",
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task A_long_enough_password_of_any_characters_is_accepted_and_signs_in_again(string password)
    {
        await using var user = TestUser.Anonymous(app);

        using var signedUp = await SignUp(user, password);
        Assert.Equal("/", signedUp.RequestMessage!.RequestUri!.AbsolutePath);

        await using var again = TestUser.Anonymous(app, user.UserName);
        using var login = await again.LogInAsync(password);
        Assert.Equal("/", login.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task A_password_of_exactly_64_characters_is_accepted()
    {
        await using var user = TestUser.Anonymous(app);

        using var signedUp = await SignUp(user, string.Concat(Enumerable.Repeat("horse ", 10)) + "abcd");

        Assert.Equal(64, (string.Concat(Enumerable.Repeat("horse ", 10)) + "abcd").Length);
        Assert.Equal("/", signedUp.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task The_user_name_as_password_is_refused_whatever_its_case()
    {
        await using var user = TestUser.Anonymous(app, AppFixture.NewUserName("guessable"));

        using var response = await SignUp(user, user.UserName.ToUpperInvariant());

        await AssertRefused(user, response, "Your password cannot be your user name.");
    }

    [Fact]
    public async Task Seven_characters_are_refused()
    {
        await using var user = TestUser.Anonymous(app);

        using var response = await SignUp(user, "abc defg"[..7]);

        await AssertRefused(user, response, "at least 8 characters");
    }

    [Fact]
    public async Task More_than_128_characters_are_refused()
    {
        await using var user = TestUser.Anonymous(app);

        using var response = await SignUp(user, new string('p', 129));

        await AssertRefused(user, response, "at most 128 characters");
    }

    private static Task<HttpResponseMessage> SignUp(TestUser user, string password) =>
        user.PostFormAsync("/signup", new()
        {
            ["Input.UserName"] = user.UserName,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

    private async Task AssertRefused(TestUser user, HttpResponseMessage response, string reason)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/signup", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Matches("id=\"password-error\"[^>]*>[^<]*" + System.Text.RegularExpressions.Regex.Escape(reason), html);
        Assert.DoesNotContain(user.Cookies.GetCookies(app.BaseAddress), c => c.Name == "chapp.auth");
    }
}
