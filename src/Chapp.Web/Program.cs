using Chapp.Silo;
using Chapp.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddChappSilo();
builder.AddChappDataProtection();
builder.AddChappIdentity();
builder.AddChappSecurity();
builder.AddChappLimits();
builder.AddChappChat();
builder.AddChappShell();
builder.AddChappOperability();

var app = builder.Build();

app.UseChappPipeline();
app.MapChappEndpoints();

app.Run();

/// <summary>The web app's entry point; public so WebApplicationFactory can start it in tests.</summary>
public partial class Program;
