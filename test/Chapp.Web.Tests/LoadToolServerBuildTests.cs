using Chapp.LoadTest;
using Chapp.Web.Tests.Cluster;

namespace Chapp.Web.Tests;

/// <summary>
/// The load tool runs other builds of Chapp (<c>--variant NAME:DLL=…</c>) from the folder that holds their settings and
/// static assets: the project folder for a build output, the folder itself for a published copy (e.g. ReadyToRun).
/// Run from anywhere else, a published server finds no appsettings.json and no wwwroot and refuses to start.
/// </summary>
public sealed class LoadToolServerBuildTests
{
    [Fact]
    public void A_build_output_runs_from_its_project_folder()
    {
        var root = ServerBuild.ContentRootOf(ChappProcess.AppPath);

        Assert.Equal(Path.GetFullPath(ChappProcess.ProjectFolder), root);
        Assert.True(File.Exists(Path.Combine(root, "appsettings.json")));
        Assert.True(Directory.Exists(Path.Combine(root, "wwwroot")));
    }

    [Fact]
    public void A_published_folder_runs_from_itself()
    {
        var published = Path.Combine(Path.GetTempPath(), "chapp-published-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(published, "wwwroot"));
            File.WriteAllText(Path.Combine(published, "appsettings.json"), "{}");
            File.WriteAllText(Path.Combine(published, "Chapp.Web.dll"), "");

            Assert.Equal(published, ServerBuild.ContentRootOf(Path.Combine(published, "Chapp.Web.dll")));
        }
        finally
        {
            Directory.Delete(published, recursive: true);
        }
    }
}
