using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Saga.Settings.Listening;

/// <summary>
/// An address a service listens on over HTTP (the operations listener, the saga console): an absolute http(s) URL with a
/// host and no path, and whether only this machine can reach it.
/// </summary>
public static class ListenUrl
{
    public static bool TryParse(string? value, [NotNullWhen(true)] out Uri? url) =>
        Uri.TryCreate(value, UriKind.Absolute, out url) && url.Scheme is "http" or "https" && url.Host.Length > 0
        && url.AbsolutePath == "/" && url.Query.Length == 0;

    /// <summary>
    /// Loopback only when the host is <c>localhost</c> or a loopback address; <c>0.0.0.0</c>, <c>*</c> or a name listen on
    /// (or may resolve to) other interfaces.
    /// </summary>
    public static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
