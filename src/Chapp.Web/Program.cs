using Chapp.Silo;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);

builder.AddChappSilo();
builder.Services.AddRazorPages();
builder.Services.AddHealthChecks();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
    app.UseHsts();
}

app.UseStaticFiles();
app.UseRouting();

app.MapHealthChecks("/healthz");
app.MapRazorPages();

if (app.Environment.IsDevelopment() && app.Configuration.GetValue<bool>("Chapp:Dashboard"))
{
    app.MapOrleansDashboard(routePrefix: "/dashboard");
}

app.Run();

/// <summary>The web app's entry point; public so WebApplicationFactory can start it in tests.</summary>
public partial class Program;
