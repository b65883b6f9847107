using System.Net;
using System.Net.Sockets;

namespace Chapp.Silo.Startup;

/// <summary>
/// Checks that nothing listens on a port before the silo binds it. Orleans binds its listeners with
/// <see cref="SocketOptionName.ReuseAddress"/>, which .NET on Linux turns into SO_REUSEPORT as well, so a second
/// silo on a taken port does not fail: both listen and the kernel shares the connections between them.
/// </summary>
public static class PortProbe
{
    /// <summary>Throws a readable error when <paramref name="endpoint"/> cannot be bound exclusively.</summary>
    /// <param name="endpoint">Where a listener will bind.</param>
    /// <param name="what">The port's role and setting, e.g. "silo port (Chapp:SiloPort)".</param>
    /// <exception cref="InvalidOperationException">Something listens there already.</exception>
    public static void EnsureFree(IPEndPoint endpoint, string what)
    {
        if (endpoint.Port == 0)
        {
            return;
        }

        using var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (OperatingSystem.IsLinux())
        {
            // SO_REUSEADDR alone (SOL_SOCKET = 1, SO_REUSEADDR = 2): binding past connections of an earlier run
            // still in TIME_WAIT is fine, binding beside a live listener is not.
            probe.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));
        }

        if (Equals(endpoint.Address, IPAddress.IPv6Any))
        {
            probe.DualMode = true;
        }

        try
        {
            probe.Bind(endpoint);
            probe.Listen(1);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new InvalidOperationException(
                $"The {what} {endpoint.Port} is in use: {endpoint} is taken by another process ({e.Message}). " +
                "Each Chapp process needs its own silo and gateway ports; set Chapp:SiloPort and Chapp:GatewayPort.", e);
        }
    }
}
