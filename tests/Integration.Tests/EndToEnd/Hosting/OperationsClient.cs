using Saga.Integration.Tests.EndToEnd.Support;

namespace Saga.Integration.Tests.EndToEnd.Hosting;

/// <summary>Asks a service's operations listener, as a load balancer or an orchestrator's probe would.</summary>
public sealed class OperationsClient(Uri listener) : IDisposable
{
    readonly HttpClient _http = new() { BaseAddress = listener, Timeout = TimeSpan.FromSeconds(10) };

    public Uri Listener => listener;

    /// <summary>The answer, or null while nothing accepts connections there.</summary>
    public async Task<HealthResponse?> GetAsync(string path)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
            return new HealthResponse((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Asks again and again until <paramref name="path"/> answers <paramref name="statusCode"/>; fails at the deadline with the last answer.</summary>
    public async Task<HealthResponse> WaitForAsync(string path, int statusCode, TimeSpan? timeout = null)
    {
        HealthResponse? last = null;
        await Poll.UntilAsync(async () => (last = await GetAsync(path))?.StatusCode == statusCode,
            $"{path} answers {statusCode}", timeout);
        return last!;
    }

    public void Dispose() => _http.Dispose();
}
