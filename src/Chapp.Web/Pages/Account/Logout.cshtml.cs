using Chapp.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chapp.Web.Pages.Account;

/// <summary>Signs out on POST only (a GET merely asks), so a link or image elsewhere cannot log anyone out.</summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<ChappUser> signIn) : PageModel
{
    /// <summary>Asks for confirmation.</summary>
    public void OnGet()
    {
    }

    /// <summary>Signs out and goes to the log-in page.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/login");
    }
}
