namespace Chapp.Grains.Tests;

/// <summary>Tests that deactivate every grain of their cluster get a cluster of their own.</summary>
[CollectionDefinition(Name)]
public sealed class DeactivationClusterCollection : ICollectionFixture<ClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "cluster-deactivation";
}
