using System.ComponentModel.DataAnnotations;

namespace Chapp.Web.Pages.Account;

/// <summary>The sign-up form.</summary>
public sealed class SignupInput
{
    /// <summary>The user name to sign in with.</summary>
    [Required(ErrorMessage = "Choose a user name.")]
    [Display(Name = "User name")]
    public string UserName { get; set; } = string.Empty;

    /// <summary>The name shown next to messages; the user name when empty.</summary>
    [Display(Name = "Display name (optional)")]
    public string? DisplayName { get; set; }

    /// <summary>The password.</summary>
    [Required(ErrorMessage = "Choose a password.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = string.Empty;

    /// <summary>The password again, to catch a typo.</summary>
    [Required(ErrorMessage = "Type the password again.")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    [Display(Name = "Confirm password")]
    public string ConfirmPassword { get; set; } = string.Empty;
}
