using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Saga.Hosting.Telemetry;

/// <summary>
/// Puts <see cref="OrderContextFilter{T}"/> on every receive endpoint the bus configures from its registrations, in every
/// service, without each service's bus configuration having to ask for it.
/// </summary>
public sealed class OrderContextEndpointConfigurator(IServiceProvider provider) : IConfigureReceiveEndpoint
{
    public void Configure(string name, IReceiveEndpointConfigurator configurator) =>
        // Resolved here, not in the constructor: the registration context is what asks for this configurator.
        configurator.UseConsumeFilter(typeof(OrderContextFilter<>), provider.GetRequiredService<IBusRegistrationContext>());
}
