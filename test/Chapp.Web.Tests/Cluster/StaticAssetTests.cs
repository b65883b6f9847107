using System.IO.Compression;
using System.Net;
using System.Text.Json;

namespace Chapp.Web.Tests.Cluster;

/// <summary>
/// The build output run in Production (what <c>ASPNETCORE_ENVIRONMENT=Production dotnet run -c Release</c> runs)
/// serves every asset a browser asks for in full, or does not start at all.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class StaticAssetTests
{
    private static string BuildOutput => Path.GetDirectoryName(ChappProcess.AppPath)!;

    [Fact]
    public async Task Every_asset_of_the_manifest_is_served_whole_to_a_browser_that_accepts_gzip_and_brotli()
    {
        var folder = Path.Combine(Path.GetTempPath(), "chapp-assets-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var app = await ChappProcess.StartAsync(new Dictionary<string, string> { ["Chapp__SqlitePath"] = Path.Combine(folder, "chapp.db") });
            using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
            var endpoints = ManifestEndpoints();
            Assert.Contains(endpoints, e => e.Route.StartsWith("js/app.", StringComparison.Ordinal) && e.Route.EndsWith(".js", StringComparison.Ordinal));

            foreach (var (route, assetFile) in endpoints)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseAddress, route));
                request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
                using var response = await http.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route}: {(int)response.StatusCode}");

                var body = Decode(await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentEncoding);
                var source = Path.Combine(ChappProcess.ProjectFolder, "wwwroot", StripCompressionSuffix(assetFile));
                Assert.True(body.Length > 0, $"{route} ({assetFile}) came with an empty body.");
                Assert.True(File.ReadAllBytes(source).AsSpan().SequenceEqual(body), $"{route} ({assetFile}) is not {source}.");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Build_output_that_cannot_find_its_compressed_assets_refuses_to_start_and_says_why()
    {
        var folder = Path.Combine(Path.GetTempPath(), "chapp-assets-" + Guid.NewGuid().ToString("N"));
        try
        {
            // As if the runtime manifest (which points at obj/) were left behind: only wwwroot is found.
            await using var app = await ChappProcess.StartAsync(
                new Dictionary<string, string>
                {
                    ["Chapp__SqlitePath"] = Path.Combine(folder, "chapp.db"),
                    ["ASPNETCORE_STATICWEBASSETS"] = Path.Combine(folder, "no-such-manifest.json"),
                },
                waitUntilReady: false);

            Assert.NotEqual(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("Chapp cannot serve its static assets: css/site.css.gz", app.Output, StringComparison.Ordinal);
            Assert.Contains("dotnet publish", app.Output, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static List<(string Route, string AssetFile)> ManifestEndpoints()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(BuildOutput, "Chapp.Web.staticwebassets.endpoints.json")));
        return manifest.RootElement.GetProperty("Endpoints").EnumerateArray()
            .Select(e => (e.GetProperty("Route").GetString()!, e.GetProperty("AssetFile").GetString()!))
            .ToList();
    }

    private static string StripCompressionSuffix(string file) =>
        file.EndsWith(".gz", StringComparison.Ordinal) || file.EndsWith(".br", StringComparison.Ordinal) ? file[..^3] : file;

    private static byte[] Decode(byte[] body, ICollection<string> encodings)
    {
        Assert.True(encodings.Count <= 1, $"Content-Encoding {string.Join(", ", encodings)}");
        using Stream? decoder = encodings.SingleOrDefault() switch
        {
            null => null,
            "gzip" => new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
            "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
            var other => throw new Xunit.Sdk.XunitException($"Unexpected Content-Encoding {other}"),
        };
        if (decoder is null)
        {
            return body;
        }

        using var plain = new MemoryStream();
        decoder.CopyTo(plain);
        return plain.ToArray();
    }
}
