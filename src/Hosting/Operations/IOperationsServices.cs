using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Saga.Hosting.Operations;

/// <summary>
/// The partner of <see cref="IOperationsEndpoints"/> for a contribution that needs more than routes: services in the
/// listener's own container (its endpoints run there, not in the service's) and middleware in front of the endpoints
/// (authentication, anti-forgery). The listener calls both, in that order, before it maps the routes.
/// </summary>
public interface IOperationsServices
{
    /// <summary>Registers what the contribution's endpoints resolve, in the listener's container.</summary>
    void ConfigureServices(IServiceCollection services);

    /// <summary>Adds middleware after routing and before the endpoints.</summary>
    void Configure(IApplicationBuilder application);
}
