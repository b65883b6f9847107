namespace Chapp.Web.Tests;

/// <summary>All web tests share one server and one browser (see <see cref="AppFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<AppFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "web";
}
