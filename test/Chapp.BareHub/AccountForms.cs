using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Chapp.BareHub;

/// <summary>Sign-up and log-in as the load tool drives them: a form with an antiforgery token, then a cookie. No passwords are kept.</summary>
public static class AccountForms
{
    /// <summary>Maps GET and POST of <c>/signup</c> and <c>/login</c>.</summary>
    public static void MapAccountForms(this WebApplication app)
    {
        foreach (var path in new[] { "/signup", "/login" })
        {
            app.MapGet(path, (HttpContext context, IAntiforgery antiforgery) =>
            {
                var token = antiforgery.GetAndStoreTokens(context).RequestToken;
                return Results.Content($"""<form method="post"><input name="__RequestVerificationToken" type="hidden" value="{token}"></form>""", "text/html");
            });
            app.MapPost(path, async (HttpContext context, [FromForm(Name = "Input.UserName")] string userName) =>
            {
                // The claims Chapp's sign-in cookie carries (account id, name, security stamp, display name, amr), so both
                // servers decrypt and read a cookie of the same size on every hub request.
                var identity = new ClaimsIdentity(
                    [
                        new Claim(ClaimTypes.NameIdentifier, userName.ToUpperInvariant()),
                        new Claim(ClaimTypes.Name, userName),
                        new Claim("AspNet.Identity.SecurityStamp", Guid.NewGuid().ToString("N").ToUpperInvariant()),
                        new Claim("chapp:display_name", userName),
                        new Claim("amr", "pwd"),
                    ],
                    CookieAuthenticationDefaults.AuthenticationScheme);
                await context.SignInAsync(new ClaimsPrincipal(identity));
                return Results.Redirect("/");
            });
        }
    }
}
