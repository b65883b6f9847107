using Chapp.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Chapp.Web.Shell;

namespace Chapp.Web.Hosting;

/// <summary>The pages and the app shell around them (the sidebar of the reader's rooms).</summary>
public static class ShellHostingExtensions
{
    /// <summary>Adds Razor Pages, the per-user page-load limit and the per-request sidebar loader.</summary>
    public static IHostApplicationBuilder AddChappShell(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(pages => pages.Conventions.ConfigureFilter(new ServiceFilterAttribute(typeof(PageLoadLimitFilter))));
        builder.Services.AddSingleton<PageLoadLimitFilter>();
        builder.Services.AddScoped<SidebarLoader>();
        return builder;
    }
}
