using System.ComponentModel.DataAnnotations;

namespace Chapp.Web.Pages.Account;

/// <summary>The log-in form.</summary>
public sealed class LoginInput
{
    /// <summary>The user name.</summary>
    [Required(ErrorMessage = "Enter your user name.")]
    [Display(Name = "User name")]
    public string UserName { get; set; } = string.Empty;

    /// <summary>The password.</summary>
    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = string.Empty;

    /// <summary>Keep the sign-in across browser restarts.</summary>
    [Display(Name = "Remember me")]
    public bool RememberMe { get; set; }
}
