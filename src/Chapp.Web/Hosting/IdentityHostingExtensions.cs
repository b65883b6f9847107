using Chapp.Web.Identity;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Chapp.Web.Hosting;

/// <summary>Accounts and sign-in: Identity without EF (users live in the user grains) and the auth cookie.</summary>
public static class IdentityHostingExtensions
{
    /// <summary>Adds Identity over the user grains, the cookie, and a fallback policy that requires a signed-in user.</summary>
    public static IHostApplicationBuilder AddChappIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddIdentityCore<ChappUser>(o =>
            {
                // NIST SP 800-63B: length is what makes a password strong; composition rules only make it harder to
                // remember. Any characters (spaces and all of Unicode) count; PasswordPolicyValidator adds the rest.
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddPasswordValidator<PasswordPolicyValidator>()
            .AddUserStore<GrainUserStore>()
            .AddClaimsPrincipalFactory<ChappClaimsPrincipalFactory>()
            .AddSignInManager();
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/login";
            o.Cookie.Name = "chapp.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events = new CookieAuthenticationEvents
            {
                // A hub client cannot follow a redirect to an HTML form: tell it plainly that it is not signed in.
                OnRedirectToLogin = context =>
                {
                    if (context.Request.Path.StartsWithSegments("/hubs"))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return Task.CompletedTask;
                    }

                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                },
            };
        });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }
}
