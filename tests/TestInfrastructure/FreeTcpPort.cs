using System.Net;
using System.Net.Sockets;

namespace Saga.TestInfrastructure;

/// <summary>Finds loopback TCP ports that nothing listens on right now.</summary>
public static class FreeTcpPort
{
    /// <summary>Returns a port that was free on 127.0.0.1 a moment ago (the kernel picks it by binding port 0).</summary>
    public static int Find() => Find(1)[0];

    /// <summary>Returns <paramref name="count"/> distinct ports that were free on 127.0.0.1 a moment ago.</summary>
    /// <remarks>All sockets stay bound until every port is chosen, so the ports never repeat within one call.</remarks>
    public static IReadOnlyList<int> Find(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }

    /// <summary>True when something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, attempt.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
