using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Saga.Hosting.Database;
using Saga.Participants.Configuration;
using Saga.Participants.Seeding;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Demo;

/// <summary>
/// The embedded default: orchestrator and participants in one process on MassTransit's in-memory transport, each with
/// its own SQLite file. Submits a mix of orders, shows progress, and ends with where every order ended and how to look.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        DemoOptions options;
        try
        {
            options = DemoOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        // Every run starts from the seeded data, so that its outcome is the one described.
        Directory.CreateDirectory(options.DataDirectory);
        foreach (var file in options.Databases.SelectMany(db => new[] { db, db + "-wal", db + "-shm", db + "-journal" }))
            File.Delete(file);

        var orders = DemoOrders.Create(options.Orders);
        using var host = BuildHost(options);
        await PrepareDatabases(host.Services);
        var bus = host.Services.GetRequiredService<IBus>();
        var cancelWhilePaying = orders.Where(o => o.CancelWhilePaying).Select(o => o.Order.OrderId).ToHashSet();
        bus.ConnectConsumeMessageObserver(new CancelWhilePayingObserver(cancelWhilePaying, bus));

        Console.WriteLine($"Saga demo: {orders.Count} orders through payment, inventory and shipping (in-memory transport, SQLite in {options.DataDirectory})");
        await host.StartAsync();
        try
        {
            var stopwatch = Stopwatch.StartNew();
            foreach (var order in orders)
                await bus.Publish(order.Order);

            var finished = await DemoProgress.WaitForAllFinished(host.Services, orders, options.Timeout);
            stopwatch.Stop();

            var rows = await DemoReport.Load(host.Services, orders);
            DemoReport.Print(rows, stopwatch.Elapsed, options);
            if (!finished)
            {
                Console.Error.WriteLine($"Not every order reached a final state within {options.Timeout.TotalSeconds:0} s.");
                return 1;
            }

            return 0;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    static IHost BuildHost(DemoOptions options)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Saga", LogLevel.Warning);

        // Everything on SQLite files of its own, through the same registration and migrations the services use.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{OrderSagaRegistration.DatabaseSection}:ConnectionString"] = $"Data Source={options.OrchestratorDatabase}",
            [$"{ParticipantsOptions.DatabaseSection(ParticipantKind.Payment)}:ConnectionString"] = $"Data Source={options.PaymentDatabase}",
            [$"{ParticipantsOptions.DatabaseSection(ParticipantKind.Inventory)}:ConnectionString"] = $"Data Source={options.InventoryDatabase}",
            [$"{ParticipantsOptions.DatabaseSection(ParticipantKind.Shipping)}:ConnectionString"] = $"Data Source={options.ShippingDatabase}",
        });
        builder.Services.AddOrderSagaDatabase(builder.Configuration);
        builder.Services.AddParticipantDatabases(builder.Configuration, Enum.GetValues<ParticipantKind>());
        builder.Services.AddSingleton<DatabaseMigrator>();

        builder.Services.AddSingleton(OrderStepDeadlines.Default);
        builder.Services.AddMassTransit(x =>
        {
            x.AddOrderSaga();
            x.AddParticipantConsumers();
            x.UsingInMemory((context, cfg) =>
            {
                cfg.UseMessageScheduler(OrderSagaRegistration.SchedulerAddress(quorumQueues: false));
                cfg.ConfigureEndpoints(context);
            });
        });

        return builder.Build();
    }

    static async Task PrepareDatabases(IServiceProvider services)
    {
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(_ => true, CancellationToken.None);
        await ParticipantSeeder.SeedAsync(services);
    }
}
