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
        services.AddSingleton<IConfigureReceiveEndpoint, MessageKeyEndpointConfigurator>();
        return services;
    }
}
