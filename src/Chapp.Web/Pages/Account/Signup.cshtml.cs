using Chapp.Grains;
using Chapp.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chapp.Web.Pages.Account;

/// <summary>Creates an account and signs the new user in.</summary>
[AllowAnonymous]
public sealed class SignupModel(UserManager<ChappUser> users, SignInManager<ChappUser> signIn) : PageModel
{
    /// <summary>The posted form.</summary>
    [BindProperty]
    public SignupInput Input { get; set; } = new();

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Creates the account; errors go next to the field they concern.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        string? displayName = null;
        try
        {
            ChatRules.UserName(Input.UserName);
        }
        catch (ChatException error)
        {
            ModelState.AddModelError("Input.UserName", error.Message);
        }

        try
        {
            displayName = ChatRules.DisplayName(Input.DisplayName, Input.UserName);
        }
        catch (ChatException error)
        {
            ModelState.AddModelError("Input.DisplayName", error.Message);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = new ChappUser { UserName = Input.UserName, DisplayName = displayName ?? Input.UserName };
        var result = await users.CreateAsync(user, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : "Input.UserName",
                    error.Code == "DuplicateUserName" ? $"The user name '{Input.UserName}' is taken. Choose another." : error.Description);
            }

            return Page();
        }

        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect("/");
    }
}
