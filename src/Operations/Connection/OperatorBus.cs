using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Saga.Contracts;
using Saga.Settings.Transport;

namespace Saga.Operations.Connection;

/// <summary>
/// A MassTransit bus on the configured transport, registered exactly as the services register theirs
/// (<see cref="TransportRegistrationExtensions.UsingConfiguredTransport"/>), with no consumers: it publishes, and sends
/// requests whose answers come back to its temporary response queue.
/// </summary>
public sealed class OperatorBus : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    readonly ServiceProvider _services;
    readonly IBusControl _bus;

    OperatorBus(ServiceProvider services, IBusControl bus)
    {
        _services = services;
        _bus = bus;
    }

    public IBus Bus => _bus;

    public static Task<OperatorBus> StartAsync(OperatorSettings settings, CancellationToken cancellationToken) =>
        StartAsync(settings.Transport, settings.ClientName, cancellationToken);

    /// <param name="clientName">The name of the connection that checks the broker first.</param>
    public static async Task<OperatorBus> StartAsync(TransportOptions transport, string clientName, CancellationToken cancellationToken)
    {
        // MassTransit keeps retrying an unreachable broker in the background; the plain client says at once why it cannot connect.
        await using (await Broker.ConnectAsync(transport, clientName, cancellationToken))
        {
        }

        var options = WithDefaultCredentials(transport);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMassTransit(bus => bus.UsingConfiguredTransport(options));
        var provider = services.BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            await bus.StartAsync(timeout.Token);
            return new OperatorBus(provider, bus);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            await provider.DisposeAsync();
            throw new OperationException(OperationFailure.Unreachable,
                $"the bus did not start within {StartTimeout.TotalSeconds:0} s on {TransportDescription.Of(options)}", e);
        }
    }

    /// <summary>
    /// Publishes <paramref name="request"/>, which the orchestrator's queue is bound to, and waits for one of its two answers.
    /// Published rather than sent to the queue so that the broker user needs write only on the request's message exchange,
    /// not on the orchestrator's queue (through which every message type reaches the saga).
    /// </summary>
    public async Task<Response<TAccepted, TRefused>> RequestAsync<TRequest, TAccepted, TRefused>(TRequest request, TimeSpan timeout,
        CancellationToken cancellationToken)
        where TRequest : class
        where TAccepted : class
        where TRefused : class
    {
        var client = _bus.CreateRequestClient<TRequest>(RequestTimeout.After(ms: (int)Math.Min(timeout.TotalMilliseconds, int.MaxValue)));
        try
        {
            return await client.GetResponse<TAccepted, TRefused>(request, cancellationToken);
        }
        catch (RequestTimeoutException e)
        {
            throw new OperationException(OperationFailure.Timeout,
                $"no answer from the orchestrator within {timeout.TotalSeconds:0} s (is it running, on {QueueNames.Orders}?)", e);
        }
        catch (RequestFaultException e)
        {
            // The orchestrator's consumer threw instead of answering: one line with its exception, not a stack trace.
            throw new OperationException(OperationFailure.Failed,
                $"the orchestrator failed the request: {e.Fault?.Exceptions.FirstOrDefault()?.Message ?? e.Message}", e);
        }
    }

    // An empty user or password means the broker's defaults, as with the plain client (the services require both).
    static TransportOptions WithDefaultCredentials(TransportOptions transport)
    {
        var rabbit = transport.RabbitMq;
        if (rabbit.Username.Length > 0 && rabbit.Password.Length > 0)
            return transport;
        var copy = new RabbitMqOptions
        {
            Host = rabbit.Host,
            Port = rabbit.Port,
            ClusterNodes = rabbit.ClusterNodes,
            VirtualHost = rabbit.VirtualHost,
            Username = rabbit.Username.Length > 0 ? rabbit.Username : "guest",
            Password = rabbit.Password.Length > 0 ? rabbit.Password : "guest",
            UseTls = rabbit.UseTls,
            TlsServerName = rabbit.TlsServerName,
            QuorumQueues = rabbit.QuorumQueues,
            DeliveryLimit = rabbit.DeliveryLimit,
            DeadLetterExchange = rabbit.DeadLetterExchange,
            PrefetchCount = rabbit.PrefetchCount,
            ConcurrentMessageLimit = rabbit.ConcurrentMessageLimit,
            BusQueuePrefix = rabbit.BusQueuePrefix,
            CheckMessageTypeExchange = rabbit.CheckMessageTypeExchange,
        };
        return new TransportOptions { Kind = transport.Kind, RabbitMq = copy };
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync();
        await _services.DisposeAsync();
    }
}
