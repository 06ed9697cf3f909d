using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Saga.Hosting.Telemetry;

/// <summary>
/// Puts <see cref="MessageKeyFilter{T}"/> on every receive endpoint the bus configures from its registrations, without
/// each endpoint's configuration having to ask for it.
/// </summary>
public sealed class MessageKeyEndpointConfigurator(IServiceProvider provider) : IConfigureReceiveEndpoint
{
    public void Configure(string name, IReceiveEndpointConfigurator configurator) =>
        // Resolved here, not in the constructor: the registration context is what asks for this configurator.
        configurator.UseConsumeFilter(typeof(MessageKeyFilter<>), provider.GetRequiredService<IBusRegistrationContext>());
}
