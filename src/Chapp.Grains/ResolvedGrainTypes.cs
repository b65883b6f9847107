using System.Runtime.CompilerServices;

namespace Chapp.Grains;

/// <summary>
/// Makes references to string-keyed grains of interface <typeparamref name="T"/> without Orleans' per-call lookup of
/// the interface's <see cref="GrainInterfaceType"/> and <see cref="GrainType"/>: <c>GetGrain&lt;T&gt;(string)</c>
/// reads the interface's attributes on every call (4 % of a server's CPU while thousands of connections join). The
/// first reference a factory makes is made the usual way; its two types are kept for that factory.
/// </summary>
internal static class ResolvedGrainTypes<T>
    where T : IGrainWithStringKey
{
    // Per factory, not static: each silo or client has its own manifest (and a test process may hold several).
    private static readonly ConditionalWeakTable<IGrainFactory, Types> Resolved = [];

    /// <summary>The grain of <typeparamref name="T"/> with <paramref name="key"/>, as <c>GetGrain&lt;T&gt;(key)</c> makes it.</summary>
    public static T Get(IGrainFactory grains, string key)
    {
        if (Resolved.TryGetValue(grains, out var types))
        {
            return (T)grains.GetGrain(GrainId.Create(types.GrainType, key), types.InterfaceType);
        }

        var grain = grains.GetGrain<T>(key);
        if (grain is GrainReference reference)
        {
            Resolved.TryAdd(grains, new Types(reference.GrainId.Type, reference.InterfaceType));
        }

        return grain;
    }

    private sealed record Types(GrainType GrainType, GrainInterfaceType InterfaceType);
}
