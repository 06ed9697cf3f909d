using Microsoft.EntityFrameworkCore;
using Saga.Hosting.Database;
using Saga.Participants.Inventory.Data.Providers;
using Saga.Participants.Payment.Data.Providers;
using Saga.Participants.Shipping.Data.Providers;
using Saga.Persistence.Dialects;
using Saga.SagaOrchestrator.Persistence.Providers;
using Saga.Settings.Database;

namespace Saga.Integration.Tests.Migrations;

/// <summary>
/// Every database context of the product on every provider: <see cref="Create"/> builds it as the design-time tools do
/// (nothing is opened), <see cref="Connect"/> as the services do for the given settings.
/// </summary>
public sealed record ProviderContext(string Name, DatabaseProvider Provider, Func<DbContext> Create, Func<DatabaseOptions, DbContext> Connect)
{
    public override string ToString() => $"{Name} on {Provider}";

    public static IEnumerable<ProviderContext> All()
    {
        foreach (var provider in Enum.GetValues<DatabaseProvider>())
        {
            yield return provider switch
            {
                DatabaseProvider.PostgreSql => Of<PostgreSqlOrderSagaDbContext>("orchestrator", provider, o => new(o)),
                DatabaseProvider.SqlServer => Of<SqlServerOrderSagaDbContext>("orchestrator", provider, o => new(o)),
                _ => Of<SqliteOrderSagaDbContext>("orchestrator", provider, o => new(o)),
            };
            yield return provider switch
            {
                DatabaseProvider.PostgreSql => Of<PostgreSqlPaymentDbContext>("payment", provider, o => new(o)),
                DatabaseProvider.SqlServer => Of<SqlServerPaymentDbContext>("payment", provider, o => new(o)),
                _ => Of<SqlitePaymentDbContext>("payment", provider, o => new(o)),
            };
            yield return provider switch
            {
                DatabaseProvider.PostgreSql => Of<PostgreSqlInventoryDbContext>("inventory", provider, o => new(o)),
                DatabaseProvider.SqlServer => Of<SqlServerInventoryDbContext>("inventory", provider, o => new(o)),
                _ => Of<SqliteInventoryDbContext>("inventory", provider, o => new(o)),
            };
            yield return provider switch
            {
                DatabaseProvider.PostgreSql => Of<PostgreSqlShippingDbContext>("shipping", provider, o => new(o)),
                DatabaseProvider.SqlServer => Of<SqlServerShippingDbContext>("shipping", provider, o => new(o)),
                _ => Of<SqliteShippingDbContext>("shipping", provider, o => new(o)),
            };
        }
    }

    static ProviderContext Of<T>(string name, DatabaseProvider provider, Func<DbContextOptions<T>, T> create)
        where T : DbContext =>
        new(name, provider,
            () => create(DesignTimeOptions.For<T>(provider, name)),
            settings => create((DbContextOptions<T>)new DbContextOptionsBuilder<T>().UseConfiguredDatabase(settings).Options));
}
