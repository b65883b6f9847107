using System.Threading.RateLimiting;
using Chapp.Silo;
using Chapp.Web.Chat;
using Chapp.Web.Identity;
using Chapp.Web.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);

builder.AddChappSilo();

builder.Services.AddOptions<DeliveryOptions>().Bind(builder.Configuration.GetSection(DeliveryOptions.SectionName))
    .ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<ChappLimits>().Bind(builder.Configuration.GetSection(ChappLimits.SectionName))
    .ValidateDataAnnotations().ValidateOnStart();

// Accounts: Identity without EF; users live in the user grains.
builder.Services.AddIdentityCore<ChappUser>(o =>
    {
        o.Password.RequiredLength = 8;
        o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
        o.Lockout.AllowedForNewUsers = true;
    })
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

// Log-in and sign-up posts are limited per client address: it slows password guessing and account spam.
builder.Services.AddRateLimiter(o =>
{
    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method)
            || !(request.Path.StartsWithSegments("/login") || request.Path.StartsWithSegments("/signup")))
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var perMinute = context.RequestServices.GetRequiredService<IOptions<ChappLimits>>().Value.AuthPerMinute;
        return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    });
});

builder.Services.AddRazorPages();
builder.Services.AddSignalR();
builder.Services.AddSingleton<RoomSubscriptions>();
builder.Services.AddSingleton<PresenceReporter>();
builder.Services.AddHostedService(services => services.GetRequiredService<PresenceReporter>());
builder.Services.AddHostedService<SubscriptionRepair>();
builder.Services.AddSingleton<SendRateLimiter>();
builder.Services.AddHealthChecks();

var app = builder.Build();

app.UseMiddleware<SecurityHeadersMiddleware>();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/status/500");
    app.UseHsts();
}

// Renders 404, 429, 400 … as readable pages, unless the endpoint wrote its own body.
app.UseStatusCodePagesWithReExecute("/status/{0}");
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();

app.MapStaticAssets().AllowAnonymous();
app.MapHealthChecks("/healthz").AllowAnonymous();
app.MapRazorPages().WithStaticAssets();
app.MapHub<ChatHub>("/hubs/chat");

if (app.Environment.IsDevelopment() && app.Services.GetRequiredService<IOptions<ChappOptions>>().Value.Dashboard)
{
    app.MapOrleansDashboard(routePrefix: "/dashboard");
}

app.Run();

/// <summary>The web app's entry point; public so WebApplicationFactory can start it in tests.</summary>
public partial class Program;
