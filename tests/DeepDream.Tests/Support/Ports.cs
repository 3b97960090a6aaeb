using System.Net;
using System.Net.Sockets;

namespace DeepDream.Tests.Support;

static class Ports
{
    /// <summary>A loopback port free now (another process may take it before it is bound: callers that can, try again).</summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
