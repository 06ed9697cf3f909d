using System.Net.Sockets;
using System.Text;
using Saga.Integration.Tests.EndToEnd.Support;

namespace Saga.Integration.Tests.EndToEnd.Hosting;

/// <summary>
/// The unix datagram socket systemd hands a <c>Type=notify</c> service in <c>NOTIFY_SOCKET</c>: it records every state
/// line the service sends (<c>READY=1</c>, <c>STOPPING=1</c>, …) in the order they arrive.
/// </summary>
public sealed class SystemdNotifySocket : IDisposable
{
    readonly Socket _socket;
    readonly List<string> _messages = [];
    readonly CancellationTokenSource _stop = new();

    SystemdNotifySocket(string path)
    {
        Path = path;
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(path));
        _ = ReceiveAsync();
    }

    public string Path { get; }

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
                return [.. _messages];
        }
    }

    /// <summary>Listens on a new socket in the temporary directory (short: a unix socket path has at most 107 bytes).</summary>
    public static SystemdNotifySocket Create() => new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"saga-notify-{Guid.NewGuid():N}.sock"));

    /// <summary>Waits (bounded) until <paramref name="state"/> (e.g. <c>READY=1</c>) arrived.</summary>
    public Task WaitForAsync(string state, TimeSpan timeout) =>
        Poll.UntilAsync(() => Task.FromResult(Messages.Contains(state)), $"the service notified {state} (so far: {string.Join(", ", Messages)})", timeout);

    async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                // One datagram may carry several newline-separated assignments.
                var lines = Encoding.UTF8.GetString(buffer, 0, received).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                lock (_messages)
                    _messages.AddRange(lines);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Disposed.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
        File.Delete(Path);
    }
}
