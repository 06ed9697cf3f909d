using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.Persistence;

namespace Saga.Orchestrator.Tests.Configuration;

/// <summary>How the orchestrator's <see cref="OrderSagaDbContext"/> is registered for the messages it consumes.</summary>
public sealed class OrderSagaDatabaseTests
{
    [Test]
    public async Task Each_message_scope_gets_its_own_context_built_from_options_made_once()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{OrderSagaRegistration.DatabaseSection}:Provider"] = "PostgreSql",
            [$"{OrderSagaRegistration.DatabaseSection}:ConnectionString"] = "Host=localhost;Database=saga",
        }).Build();
        await using var services = new ServiceCollection().AddOrderSagaDatabase(configuration).BuildServiceProvider();

        await using var first = services.CreateAsyncScope();
        await using var second = services.CreateAsyncScope();
        var firstContext = first.ServiceProvider.GetRequiredService<OrderSagaDbContext>();
        var secondContext = second.ServiceProvider.GetRequiredService<OrderSagaDbContext>();

        Assert.Multiple(() =>
        {
            Assert.That(secondContext, Is.Not.SameAs(firstContext), "a context per scope");
            Assert.That(second.ServiceProvider.GetRequiredService<DbContextOptions<OrderSagaDbContext>>(),
                Is.SameAs(first.ServiceProvider.GetRequiredService<DbContextOptions<OrderSagaDbContext>>()), "one options instance");
            Assert.That(secondContext.Database.GetConnectionString(), Does.Contain("Max Auto Prepare=64"), "the PostgreSQL defaults applied");
        });
    }
}
