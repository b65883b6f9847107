namespace Chapp.Web.Tests.Cluster;

/// <summary>Tests that start their own Chapp processes; they share nothing, and run one at a time (two cores).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "cluster";
}
