using System.Text.Json;
using Chapp.Web.Tests.Cluster;

namespace Chapp.Web.Tests.Idle;

/// <summary>The runtime settings of the server as built: its runtimeconfig.json, which is what the operator's process gets.</summary>
internal static class BuiltRuntimeConfig
{
    /// <summary>The file's path, for messages.</summary>
    public static string Path => System.IO.Path.ChangeExtension(ChappProcess.AppPath, ".runtimeconfig.json");

    /// <summary>The value of <paramref name="name"/> under <c>configProperties</c>, or null when the build does not set it.</summary>
    public static JsonElement? Setting(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").TryGetProperty(name, out var value)
            ? value.Clone()
            : null;
    }
}
