using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Saga.Hosting.Telemetry;

public static class MessageKeyRegistrationExtensions
{
    /// <summary>
    /// Ties each consumed message that carries <paramref name="key"/> to it in the logs (a scope) and traces (a tag on the
    /// consume span); see <see cref="MessageKeyFilter{T}"/>.
    /// </summary>
    public static IServiceCollection AddMessageKey(this IServiceCollection services, MessageKey key)
    {
        services.AddSingleton(new MessageKeyReader(key));
        // MassTransit asks the message's scope for the filter; registered, it is one instance per message type rather than
        // one built by reflection (constructor matching, a logger looked up) for every consumed message.
        services.AddSingleton(typeof(MessageKeyFilter<>));
        services.AddSingleton<IConfigureReceiveEndpoint, MessageKeyEndpointConfigurator>();
        return services;
    }
}
