namespace Chapp.Web.Tests.Cluster;

/// <summary>
/// Tests that start real Chapp processes run one class at a time: each process costs a core for seconds while
/// it starts, and two cores are all a test machine may have.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "processes";
}
