using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Saga.Hosting.Operations;

/// <summary>The operations listener's address: an absolute http(s) URL with a host, and whether only this machine can reach it.</summary>
public static class OperationsUrl
{
    public static bool TryParse(string? value, [NotNullWhen(true)] out Uri? url) =>
        Uri.TryCreate(value, UriKind.Absolute, out url) && url.Scheme is "http" or "https" && url.Host.Length > 0
        && url.AbsolutePath == "/" && url.Query.Length == 0;

    public static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
