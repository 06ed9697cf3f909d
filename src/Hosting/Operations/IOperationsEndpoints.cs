using Microsoft.AspNetCore.Routing;

namespace Saga.Hosting.Operations;

/// <summary>
/// Routes served by the operations listener (the small loopback HTTP listener of health checks), contributed by the
/// parts of a service that have something to show an operator: the Prometheus scrape endpoint, for one.
/// </summary>
public interface IOperationsEndpoints
{
    void Map(IEndpointRouteBuilder endpoints);
}
