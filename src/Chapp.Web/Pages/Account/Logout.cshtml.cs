using Chapp.Web.Identity;
using Chapp.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chapp.Web.Pages.Account;

/// <summary>
/// Signs out on POST only (a GET merely asks), so a link or image elsewhere cannot log anyone out. Log-out ends
/// every session of the account: it rotates the security stamp, so every cookie issued before (on another device,
/// or a copy an attacker took) stops working, and closes the account's open hub connections.
/// </summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<ChappUser> signIn, UserConnections connections) : PageModel
{
    /// <summary>Asks for confirmation.</summary>
    public void OnGet()
    {
    }

    /// <summary>Revokes every session of the account, signs out and goes to the log-in page.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true && await signIn.UserManager.GetUserAsync(User) is { } user)
        {
            await signIn.UserManager.UpdateSecurityStampAsync(user);
            // Other processes of a cluster close theirs at their next stamp check (SessionMonitor).
            connections.AbortAll(User.UserName());
        }

        await signIn.SignOutAsync();
        return LocalRedirect("/login");
    }
}
