using Chapp.BareHub;
using Microsoft.AspNetCore.Authentication.Cookies;

// The load tool's baseline: the smallest SignalR chat that does what a browser sees Chapp do (cookie sign-in through
// an antiforgery form, join a room's group, send, fan out to the group) and stores nothing. See docs/PERFORMANCE.md.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
{
    o.Cookie.Name = "bare.auth";
    o.Events.OnRedirectToLogin = context =>
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    };
});
builder.Services.AddAuthorization();
builder.Services.AddAntiforgery();
builder.Services.AddSignalR();
builder.Services.AddSingleton<RoomSequences>();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapGet("/healthz", () => "ok");
app.MapAccountForms();
app.MapHub<BareChatHub>("/hubs/chat");
app.Run();
