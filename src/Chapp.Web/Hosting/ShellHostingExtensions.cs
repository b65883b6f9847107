using Chapp.Web.Shell;

namespace Chapp.Web.Hosting;

/// <summary>The pages and the app shell around them (the sidebar of the reader's rooms).</summary>
public static class ShellHostingExtensions
{
    /// <summary>Adds Razor Pages and the per-request sidebar loader.</summary>
    public static IHostApplicationBuilder AddChappShell(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorPages();
        builder.Services.AddScoped<SidebarLoader>();
        return builder;
    }
}
