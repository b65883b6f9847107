namespace Chapp.LoadTest;

/// <summary>
/// Lets thousands of hub connections share one <see cref="SocketsHttpHandler"/> (so negotiate requests reuse a few
/// pooled sockets instead of leaving one idle keep-alive socket per connection): each connection disposes its
/// wrapper, never the shared handler, which the run disposes at the end.
/// </summary>
public sealed class SharedHandler(HttpMessageHandler shared) : DelegatingHandler(shared)
{
    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // Deliberately not calling base.Dispose, which would dispose the shared inner handler: it belongs to the run.
    }
}
