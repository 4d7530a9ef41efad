using System.Net;
using System.Net.Sockets;

namespace Hotline.Testing;

/// <summary>
/// Ports for the servers the tests start (PostgreSQL, Redis), taken below Linux's ephemeral range (32768-60999):
/// a port the system handed out (port 0) may be given again to an outgoing connection while its server is stopped,
/// and the restart then fails with "Address already in use" (seen in OutageTests' PostgreSQL restart).
/// </summary>
public static class TestPorts
{
    private const int First = 20000;
    private const int Last = 32000;

    public static int Free()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException($"No free port between {First} and {Last}.");
    }
}
