using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
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
    /// Has this service declare what its quorum queues need before its bus connects (<see cref="QueueProvisioner"/>): the
    /// dead-letter exchange and queue, and <paramref name="sendQueues"/>, queues of other services it sends to, so that
    /// nothing it sends before their consumers first started is lost. Nothing with classic queues.
    /// </summary>
    public static IServiceCollection AddQueueProvisioning(this IServiceCollection services, params string[] sendQueues)
    {
        var provisioned = services.Where(d => d.ServiceType == typeof(ProvisionedQueues) && !d.IsKeyedService)
            .Select(d => d.ImplementationInstance).OfType<ProvisionedQueues>().FirstOrDefault();
        if (provisioned is null)
        {
            provisioned = new ProvisionedQueues();
            services.AddSingleton(provisioned);
        }

        provisioned.Add(sendQueues);
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
                            QuorumQueueArguments.ApplyTo(rabbitEndpoint, options.RabbitMq);
                    });
                }

                if (options.RabbitMq.CheckMessageTypeExchange)
                    bus.AddConfigureEndpointsCallback((_, endpoint) => endpoint.UseFilter(new MessageTypeExchangeFilter()));

                bus.UsingRabbitMq((context, cfg) =>
                {
                    var rabbit = options.RabbitMq;
                    var provisioned = context.GetService<ProvisionedQueues>();
                    var provisioner = provisioned is null ? null : new QueueProvisioner(rabbit, provisioned.Names,
                        context.GetService<ILogger<QueueProvisioner>>() ?? NullLogger<QueueProvisioner>.Instance);
                    cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, host =>
                    {
                        host.Username(rabbit.Username);
                        host.Password(rabbit.Password);
                        if (rabbit.UseTls)
                            host.UseSsl(ssl => ssl.ServerName = rabbit.TlsServerName ?? rabbit.Host);
                        if (rabbit.ClusterNodes.Count > 0)
                        {
                            // MassTransit connects to the first node, and on each reconnect to the next one in the list.
                            host.UseCluster(cluster =>
                            {
                                foreach (var node in BrokerNode.Of(rabbit))
                                    cluster.Node(node.ToString());
                            });
                        }

                        // The outbox counts a message as delivered only once the broker confirmed it. MassTransit's default
                        // is on too; said here so that it stays on whatever that default becomes.
                        host.PublisherConfirmation = true;
                        // Runs before each connection the bus opens, so before anything is sent on it, and again after a failover.
                        if (provisioner is { HasWork: true })
                            host.OnRefreshConnectionFactory = _ => provisioner.ProvisionAsync(CancellationToken.None);
                    });
                    // A failover must not wait on MassTransit's backoff, which grows with every failed attempt in the process's life.
                    BoundedReconnectPolicy.ApplyTo(cfg);
                    if (rabbit.QuorumQueues)
                    {
                        cfg.SendTopology.ConfigureErrorSettings = QuorumQueueArguments.RemoveDeadLetteringFrom;
                        cfg.SendTopology.ConfigureDeadLetterSettings = QuorumQueueArguments.RemoveDeadLetteringFrom;
                    }

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
