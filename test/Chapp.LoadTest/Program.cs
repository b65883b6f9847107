using Chapp.LoadTest;

// Chapp load test: see LoadOptions.Usage and docs/PERFORMANCE.md.
if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(LoadOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

// Thousands of connections start at once: let the pool grow past 2 threads without its slow injection,
// but not so far that the client's threads crowd out the server on two cores.
ThreadPool.SetMinThreads(Math.Max(8, Environment.ProcessorCount * 4), Math.Max(8, Environment.ProcessorCount * 4));

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    Console.Error.WriteLine("stopping …");
    cancel.Cancel();
};

try
{
    await new ScenarioRunner(options).RunAsync(cancel.Token);
    return 0;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or HttpRequestException or ArgumentException)
{
    Console.Error.WriteLine($"load test failed: {e.Message}");
    return 1;
}
