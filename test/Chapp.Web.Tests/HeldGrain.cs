using System.Reflection;

namespace Chapp.Web.Tests;

/// <summary>
/// A grain reference from <see cref="CountingGrainFactory"/>: each call reaches the real grain at once, and its answer
/// (a <c>Task&lt;T&gt;</c>) is handed back only when the factory lets held answers go.
/// </summary>
public class HeldGrain : DispatchProxy
{
    private static readonly MethodInfo HoldAnswer = typeof(HeldGrain).GetMethod(nameof(HoldAnswerAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private object _inner = null!;
    private CountingGrainFactory _factory = null!;

    internal static object Wrap(object grain, Type grainInterface, CountingGrainFactory factory)
    {
        var held = (HeldGrain)Create(grainInterface, typeof(HeldGrain));
        held._inner = grain;
        held._factory = factory;
        return held;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var answer = CountingGrainFactory.Forward(_inner, targetMethod!, args);
        var type = targetMethod!.ReturnType;
        return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>)
            ? HoldAnswer.MakeGenericMethod(type.GetGenericArguments()[0]).Invoke(null, [answer, _factory])
            : answer;
    }

    private static async Task<T> HoldAnswerAsync<T>(Task<T> answer, CountingGrainFactory factory)
    {
        var value = await answer;
        await factory.HeldAsync();
        return value;
    }
}
