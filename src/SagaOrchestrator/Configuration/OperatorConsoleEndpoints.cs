using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Saga.Hosting.Operations;
using Saga.OperatorConsole.Hosting;

namespace Saga.SagaOrchestrator.Configuration;

/// <summary>
/// The saga console on the orchestrator's operations listener: the same pages and rules as <c>saga console</c>, reading
/// the orchestrator's own settings, with the listener's address deciding whether every page needs an operator.
/// </summary>
public sealed class OperatorConsoleEndpoints(IConfiguration configuration, IOptions<OperationsOptions> operations) : IOperationsEndpoints, IOperationsServices
{
    public void ConfigureServices(IServiceCollection services) =>
        services.AddOperatorConsole(configuration, console => console.Url = operations.Value.Url!);

    public void Configure(IApplicationBuilder application) => application.UseOperatorConsole();

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapOperatorConsole();
}
