using System.Text.Json;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;

namespace Chapp.Web.Hosting;

/// <summary>
/// Static assets that are served in full or not at all: the app finds its assets wherever it runs from (the build
/// output or a published folder) and refuses to start when a file its endpoints manifest names is missing.
/// </summary>
public static class StaticAssetHostingExtensions
{
    /// <summary>Maps the fingerprinted and precompressed assets of the endpoints manifest, after checking they exist.</summary>
    /// <exception cref="InvalidOperationException">An asset the manifest names is not there.</exception>
    public static IEndpointConventionBuilder MapChappStaticAssets(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            // The build output (dotnet run, or dotnet bin/…/Chapp.Web.dll) keeps the compressed copies under obj/
            // and finds them only through its runtime manifest, which ASP.NET Core reads in Development only.
            // Without it every precompressed asset is served as 200 with an empty body. A published folder has
            // no runtime manifest, so this does nothing there.
            try
            {
                StaticWebAssetsLoader.UseStaticWebAssets(app.Environment, app.Configuration);
            }
            catch (DirectoryNotFoundException e)
            {
                throw new InvalidOperationException(
                    "This is Chapp's build output, but the folders its static assets were built from are gone " +
                    $"({e.Message}). Deploy the output of 'dotnet publish' instead.", e);
            }
        }

        var manifest = Path.Combine(AppContext.BaseDirectory, $"{app.Environment.ApplicationName}.staticwebassets.endpoints.json");
        var missing = AssetFiles(manifest).Where(file => !app.Environment.WebRootFileProvider.GetFileInfo(file).Exists).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Chapp cannot serve its static assets: {string.Join(", ", missing)} (named in {manifest}) " +
                $"{(missing.Count == 1 ? "is" : "are")} not in the web root '{app.Environment.WebRootPath}'. Browsers would get " +
                "empty scripts and styles. Run the output of 'dotnet publish', or 'dotnet run' from the project folder.");
        }

        return app.MapStaticAssets(manifest);
    }

    private static IEnumerable<string> AssetFiles(string manifestPath)
    {
        if (!File.Exists(manifestPath))
        {
            throw new InvalidOperationException($"The static assets manifest '{manifestPath}' is missing; rebuild or republish Chapp.");
        }

        using var stream = File.OpenRead(manifestPath);
        using var manifest = JsonDocument.Parse(stream);
        return manifest.RootElement.GetProperty("Endpoints").EnumerateArray()
            .Select(endpoint => endpoint.GetProperty("AssetFile").GetString()!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
