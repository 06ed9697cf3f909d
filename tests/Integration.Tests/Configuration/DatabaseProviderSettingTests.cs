using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saga.Participants.Configuration;
using Saga.Participants.Payment.Data;
using Saga.Persistence.Dialects;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.Persistence;

namespace Saga.Integration.Tests.Configuration;

/// <summary>The <c>Provider</c> of a database section chooses the context's EF Core provider and its SQL dialect together.</summary>
public sealed class DatabaseProviderSettingTests
{
    static readonly string[] ConnectionStrings = ["Data Source=saga.db", "Host=localhost;Database=saga", "Server=localhost;Database=saga"];

    [TestCase(DatabaseProvider.Sqlite)]
    [TestCase(DatabaseProvider.PostgreSql)]
    [TestCase(DatabaseProvider.SqlServer)]
    public async Task Each_service_database_speaks_the_dialect_of_its_configured_provider(DatabaseProvider provider)
    {
        const string payment = "Participants:Payment:Database";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{OrderSagaRegistration.DatabaseSection}:Provider"] = provider.ToString(),
            [$"{OrderSagaRegistration.DatabaseSection}:ConnectionString"] = ConnectionStrings[(int)provider],
            [$"{payment}:Provider"] = provider.ToString(),
            [$"{payment}:ConnectionString"] = ConnectionStrings[(int)provider],
        }).Build();
        await using var services = new ServiceCollection()
            .AddOrderSagaDatabase(configuration)
            .AddParticipantDatabases(configuration, [ParticipantKind.Payment])
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();

        // Nothing is opened: the provider is known from the options alone.
        var orchestrator = services.GetRequiredService<DbContextDialect<OrderSagaDbContext>>().Dialect;
        var participant = services.GetRequiredService<DbContextDialect<PaymentDbContext>>().Dialect;
        Assert.Multiple(() =>
        {
            Assert.That(orchestrator, Is.SameAs(SqlDialects.For(provider)), "the orchestrator's dialect");
            Assert.That(participant, Is.SameAs(SqlDialects.For(provider)), "the payment participant's dialect");
            Assert.That(scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>().Database.ProviderName, Is.EqualTo(orchestrator.EntityFrameworkProvider));
            Assert.That(scope.ServiceProvider.GetRequiredService<PaymentDbContext>().Database.ProviderName, Is.EqualTo(participant.EntityFrameworkProvider));
        });
    }
}
