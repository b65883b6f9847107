using Chapp.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chapp.Web.Pages.Account;

/// <summary>Signs a user in; five wrong passwords lock the account for five minutes.</summary>
[AllowAnonymous]
public sealed class LoginModel(SignInManager<ChappUser> signIn, UserManager<ChappUser> users, TimeProvider clock) : PageModel
{
    /// <summary>The posted form.</summary>
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    /// <summary>Where to go after signing in (local paths only).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Checks the password; errors go next to the password field.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Input.UserName, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }

        if (result.IsLockedOut)
        {
            var user = await users.FindByNameAsync(Input.UserName);
            var left = user?.LockoutEnd is { } end ? end - clock.GetUtcNow() : TimeSpan.FromMinutes(5);
            var minutes = Math.Max(1, (int)Math.Ceiling(left.TotalMinutes));
            ModelState.AddModelError("Input.Password",
                $"This account is locked after too many failed attempts. Try again in {minutes} minute{(minutes == 1 ? "" : "s")}.");
        }
        else
        {
            // The same message for an unknown name and a wrong password: it does not reveal who has an account.
            ModelState.AddModelError("Input.Password", "Wrong user name or password.");
        }

        return Page();
    }
}
