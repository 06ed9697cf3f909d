using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saga.Hosting.Database;
using Saga.Persistence;
using Saga.Settings.Transport;

namespace Saga.Benchmarks.OutboxLag;

/// <summary>
/// The process under measurement, registered the way a service registers the outbox: the benchmark's context on the
/// configured database, its transactional outbox with the delivery loop, and the bus outbox on RabbitMQ with publisher
/// confirms (the services' own transport set-up).
/// </summary>
public static class OutboxLagHost
{
    public static IHost Build(OutboxLagOptions options, BenchmarkServers servers)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        // Only trouble is printed (a failed delivery, say); the table is the output.
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning);

        builder.Services.AddSingleton<CommitTimeInterceptor>();
        builder.Services.AddDbContext<OutboxLagDbContext>((provider, db) => db
            .UseConfiguredDatabase(servers.Database)
            .AddInterceptors(provider.GetRequiredService<CommitTimeInterceptor>()));

        builder.Services.AddSqlDialect<OutboxLagDbContext>(servers.Database.Provider);
        builder.Services.AddTransactionalOutbox<OutboxLagDbContext>(outbox =>
        {
            outbox.DeliveryBatchSize = options.DeliveryBatchSize;
            outbox.DeliveryConcurrency = options.DeliveryConcurrency;
            outbox.PollInterval = options.PollInterval;
        });

        builder.Services.Configure<MassTransitHostOptions>(host => host.WaitUntilStarted = true);
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddBusOutbox<OutboxLagDbContext>();
            bus.UsingConfiguredTransport(servers.Transport);
        });

        return builder.Build();
    }
}
