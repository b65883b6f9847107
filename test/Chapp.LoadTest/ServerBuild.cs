namespace Chapp.LoadTest;

/// <summary>Where a Chapp.Web.dll runs from: the content root that holds its appsettings.json and static assets.</summary>
public static class ServerBuild
{
    /// <summary>
    /// A published folder (<c>dotnet publish</c>: it holds <c>wwwroot</c>) is its own content root; a build output
    /// (<c>src/Chapp.Web/bin/Release/net10.0</c>) runs from its project folder, three levels up, where wwwroot is.
    /// A published server started from the wrong folder finds no appsettings.json and refuses to start for want of assets.
    /// </summary>
    public static string ContentRootOf(string serverDll)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(serverDll))!;
        return Directory.Exists(Path.Combine(folder, "wwwroot"))
            ? folder
            : Path.GetFullPath(Path.Combine(folder, "..", "..", ".."));
    }
}
