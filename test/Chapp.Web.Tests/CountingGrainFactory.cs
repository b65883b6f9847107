using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Chapp.Web.Tests;

/// <summary>
/// A grain factory that hands every call to the real one and counts the grain references asked of it: a class that
/// makes one reference per grain call (as <c>SecurityStamps</c> does) shows here how many calls it made. While
/// <see cref="Hold"/> is on, the grains' answers are held back until <see cref="Release"/>, so a test can act while a
/// read is certainly on its way.
/// </summary>
public class CountingGrainFactory : DispatchProxy
{
    private readonly SemaphoreSlim _answered = new(0);
    private IGrainFactory _inner = null!;
    private int _references;
    private TaskCompletionSource _released = Released();

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

    /// <summary>From now on, grain calls through this factory reach their grain but their answers wait for <see cref="Release"/>.</summary>
    public void Hold() => _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets every held answer go on.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>Completes when a grain has answered a call made through this factory (the answer may then be held).</summary>
    public async Task AnsweredAsync() => Assert.True(await _answered.WaitAsync(TimeSpan.FromSeconds(10)), "no grain answered within 10 s");

    internal Task HeldAsync()
    {
        _answered.Release();
        return _released.Task;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var result = Forward(_inner, targetMethod!, args);
        if (targetMethod!.Name.StartsWith("GetGrain", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _references);
            return HeldGrain.Wrap(result!, targetMethod.ReturnType, this);
        }

        return result;
    }

    internal static object? Forward(object target, MethodInfo method, object?[]? args)
    {
        try
        {
            return method.Invoke(target, args);
        }
        catch (TargetInvocationException error) when (error.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(error.InnerException);
            throw;
        }
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource();
        released.SetResult();
        return released;
    }
}
