using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Chapp.Web.Tests;

/// <summary>
/// A grain factory that hands every call to the real one and counts the grain references asked of it: a class that
/// makes one reference per grain call (as <c>SecurityStamps</c> does) shows here how many calls it made.
/// </summary>
public class CountingGrainFactory : DispatchProxy
{
    private IGrainFactory _inner = null!;
    private int _references;

    /// <summary>How many grain references were made through the factory.</summary>
    public int References => Volatile.Read(ref _references);

    /// <summary>Wraps <paramref name="inner"/>; use <c>Factory</c> where the code under test takes a grain factory.</summary>
    public static (IGrainFactory Factory, CountingGrainFactory Counter) Wrap(IGrainFactory inner)
    {
        var factory = Create<IGrainFactory, CountingGrainFactory>();
        var counter = (CountingGrainFactory)(object)factory;
        counter._inner = inner;
        return (factory, counter);
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name.StartsWith("GetGrain", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _references);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException error) when (error.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(error.InnerException);
            throw;
        }
    }
}
