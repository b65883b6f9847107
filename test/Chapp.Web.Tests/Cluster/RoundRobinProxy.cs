using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;

namespace Chapp.Web.Tests.Cluster;

/// <summary>
/// A real reverse proxy (YARP on Kestrel) in front of several Chapp processes: round-robin per request, no session
/// affinity, WebSockets passed through, the original Host kept (as an operator's balancer would). It records which
/// node served each request.
/// </summary>
public sealed class RoundRobinProxy : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RoundRobinProxy(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Where browsers connect, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Every proxied request in the order the nodes were picked: path and the node's base address.</summary>
    public ConcurrentQueue<(string Path, Uri Node)> Served { get; } = new();

    /// <summary>Starts the proxy in front of <paramref name="nodes"/>.</summary>
    public static async Task<RoundRobinProxy> StartAsync(params ChappProcess[] nodes)
    {
        var port = AppFixture.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddReverseProxy().LoadFromMemory(
            [
                new RouteConfig
                {
                    RouteId = "all",
                    ClusterId = "chapp",
                    Match = new RouteMatch { Path = "{**any}" },
                    Transforms = [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" }],
                },
            ],
            [
                new ClusterConfig
                {
                    ClusterId = "chapp",
                    LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
                    Destinations = nodes.ToDictionary(n => n.BaseAddress.ToString(), n => new DestinationConfig { Address = n.BaseAddress.ToString() }),
                },
            ]);
        var app = builder.Build();
        var proxy = new RoundRobinProxy(app, new Uri($"http://127.0.0.1:{port}/"));
        app.MapReverseProxy(pipeline =>
        {
            // No UseSessionAffinity: nothing ties a client to a node.
            pipeline.UseLoadBalancing();
            pipeline.Use((context, next) =>
            {
                var node = context.GetReverseProxyFeature().AvailableDestinations.Single();
                proxy.Served.Enqueue((context.Request.Path.Value ?? "", new Uri(node.DestinationId)));
                return next();
            });
        });
        await app.StartAsync();
        return proxy;
    }

    /// <summary>The nodes that served requests to <paramref name="path"/>.</summary>
    public IReadOnlySet<Uri> NodesServing(string path) =>
        Served.Where(r => r.Path == path).Select(r => r.Node).ToHashSet();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
