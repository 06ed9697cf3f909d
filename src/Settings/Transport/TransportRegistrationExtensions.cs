using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Saga.Settings.Transport;

public static class TransportRegistrationExtensions
{
    /// <summary>Binds and validates <see cref="TransportOptions"/>; a bad setting stops start-up with a message naming it.</summary>
    public static IServiceCollection AddTransportOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TransportOptions>().Bind(configuration.GetSection(TransportOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TransportOptions>, TransportOptionsValidator>();
        return services;
    }

    /// <summary>
    /// Uses the transport the settings name, and puts every registered consumer and saga on its endpoint;
    /// <paramref name="configureBus"/> adds bus-wide settings (a message scheduler, say) on either transport.
    /// </summary>
    public static void UsingConfiguredTransport(this IBusRegistrationConfigurator bus, TransportOptions options,
        Action<IBusRegistrationContext, IBusFactoryConfigurator>? configureBus = null)
    {
        switch (options.Kind)
        {
            case TransportKind.RabbitMq:
                if (options.RabbitMq.QuorumQueues)
                {
                    // Only the service's own durable queues; the bus's temporary response queue cannot be a quorum queue.
                    bus.AddConfigureEndpointsCallback((_, endpoint) =>
                    {
                        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint)
                            rabbitEndpoint.SetQuorumQueue();
                    });
                }

                if (options.RabbitMq.CheckMessageTypeExchange)
                    bus.AddConfigureEndpointsCallback((_, endpoint) => endpoint.UseFilter(new MessageTypeExchangeFilter()));

                bus.UsingRabbitMq((context, cfg) =>
                {
                    var rabbit = options.RabbitMq;
                    cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, host =>
                    {
                        host.Username(rabbit.Username);
                        host.Password(rabbit.Password);
                        if (rabbit.UseTls)
                            host.UseSsl(ssl => ssl.ServerName = rabbit.TlsServerName ?? rabbit.Host);
                        // The outbox counts a message as delivered only once the broker confirmed it.
                        host.PublisherConfirmation = true;
                    });
                    if (rabbit.BusQueuePrefix.Length > 0)
                        cfg.OverrideDefaultBusEndpointQueueName($"{rabbit.BusQueuePrefix}_{DefaultEndpointNameFormatter.GetTemporaryQueueName("bus")}");
                    cfg.PrefetchCount = rabbit.PrefetchCount;
                    cfg.ConcurrentMessageLimit = rabbit.ConcurrentMessageLimit;
                    configureBus?.Invoke(context, cfg);
                    cfg.ConfigureEndpoints(context);
                });
                break;
            default:
                bus.UsingInMemory((context, cfg) =>
                {
                    configureBus?.Invoke(context, cfg);
                    cfg.ConfigureEndpoints(context);
                });
                break;
        }
    }
}
