using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chapp.Web.Pages;

/// <summary>A readable page for an error status (404, 429, 400, 500 …), reached by re-execution.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    /// <summary>The page heading.</summary>
    public string Heading { get; private set; } = "Something went wrong";

    /// <summary>What happened, in plain words.</summary>
    public string Explanation { get; private set; } = string.Empty;

    /// <summary>Shows the page for <paramref name="code"/> and keeps that status.</summary>
    public void OnGet(int code) => Describe(code);

    /// <summary>A re-executed POST (e.g. a rate-limited log-in) lands here too.</summary>
    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        (Heading, Explanation) = code switch
        {
            400 => ("Bad request", "The form was out of date or incomplete. Go back, reload the page and try again."),
            403 => ("Not allowed", "You may not open this page."),
            404 => ("Page not found", "There is nothing at this address."),
            405 => ("Not allowed", "This address does not accept that kind of request."),
            429 => ("Too many attempts", "Too many attempts from your address. Wait a minute, then try again."),
            _ => ("Something went wrong", "The server could not finish your request. Try again in a moment."),
        };
        Response.StatusCode = code is >= 400 and <= 599 ? code : 500;
    }
}
