namespace Chapp.Grains.Tests;

/// <summary>A cluster for tests that deactivate every grain while they measure delivery.</summary>
[CollectionDefinition(Name)]
public sealed class DeactivationClusterCollection : ICollectionFixture<ClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "cluster-deactivation";
}
