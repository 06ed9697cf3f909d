using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Scheduling;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.Persistence;

namespace Saga.Integration.Tests.Configuration;

/// <summary>
/// A service's context is pooled: each message scope takes one that an earlier scope returned, reset, instead of building
/// a new one for every consumed message.
/// </summary>
public sealed class DbContextPoolingTests
{
    [Test]
    public async Task A_scope_reuses_the_context_an_earlier_scope_returned_with_nothing_of_it_left()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{OrderSagaRegistration.DatabaseSection}:ConnectionString"] = "Data Source=pooling.db",
        }).Build();
        await using var services = new ServiceCollection().AddOrderSagaDatabase(configuration).BuildServiceProvider();

        OrderSagaDbContext first;
        await using (var scope = services.CreateAsyncScope())
        {
            first = scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>();
            first.Add(new ScheduledMessage { DestinationAddress = new Uri("queue:deadlines"), ContentType = "", MessageType = "", Body = "" });
            first.Database.AutoSavepointsEnabled = false;
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var second = scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>();
            Assert.Multiple(() =>
            {
                Assert.That(second, Is.SameAs(first), "the context");
                Assert.That(second.ChangeTracker.Entries(), Is.Empty, "entities tracked");
                Assert.That(second.Database.AutoSavepointsEnabled, Is.True, "automatic savepoints, as a new context has them");
            });
        }
    }
}
