using Microsoft.EntityFrameworkCore;
using Saga.Hosting.Database;
using Saga.Participants.Inventory.Data.Providers;
using Saga.Participants.Payment.Data.Providers;
using Saga.Participants.Shipping.Data.Providers;
using Saga.SagaOrchestrator.Persistence.Providers;

namespace Saga.Integration.Tests.Migrations;

/// <summary>Every database context of the product on every provider, built as the services build them (nothing is opened).</summary>
public sealed record ProviderContext(string Name, DatabaseProvider Provider, Func<DbContext> Create)
{
    public override string ToString() => $"{Name} on {Provider}";

    public static IEnumerable<ProviderContext> All()
    {
        foreach (var provider in Enum.GetValues<DatabaseProvider>())
        {
            yield return new("orchestrator", provider, () => provider switch
            {
                DatabaseProvider.PostgreSql => new PostgreSqlOrderSagaDbContext(DesignTimeOptions.For<PostgreSqlOrderSagaDbContext>(provider, "orchestrator")),
                DatabaseProvider.SqlServer => new SqlServerOrderSagaDbContext(DesignTimeOptions.For<SqlServerOrderSagaDbContext>(provider, "orchestrator")),
                _ => new SqliteOrderSagaDbContext(DesignTimeOptions.For<SqliteOrderSagaDbContext>(provider, "orchestrator")),
            });
            yield return new("payment", provider, () => provider switch
            {
                DatabaseProvider.PostgreSql => new PostgreSqlPaymentDbContext(DesignTimeOptions.For<PostgreSqlPaymentDbContext>(provider, "payment")),
                DatabaseProvider.SqlServer => new SqlServerPaymentDbContext(DesignTimeOptions.For<SqlServerPaymentDbContext>(provider, "payment")),
                _ => new SqlitePaymentDbContext(DesignTimeOptions.For<SqlitePaymentDbContext>(provider, "payment")),
            });
            yield return new("inventory", provider, () => provider switch
            {
                DatabaseProvider.PostgreSql => new PostgreSqlInventoryDbContext(DesignTimeOptions.For<PostgreSqlInventoryDbContext>(provider, "inventory")),
                DatabaseProvider.SqlServer => new SqlServerInventoryDbContext(DesignTimeOptions.For<SqlServerInventoryDbContext>(provider, "inventory")),
                _ => new SqliteInventoryDbContext(DesignTimeOptions.For<SqliteInventoryDbContext>(provider, "inventory")),
            });
            yield return new("shipping", provider, () => provider switch
            {
                DatabaseProvider.PostgreSql => new PostgreSqlShippingDbContext(DesignTimeOptions.For<PostgreSqlShippingDbContext>(provider, "shipping")),
                DatabaseProvider.SqlServer => new SqlServerShippingDbContext(DesignTimeOptions.For<SqlServerShippingDbContext>(provider, "shipping")),
                _ => new SqliteShippingDbContext(DesignTimeOptions.For<SqliteShippingDbContext>(provider, "shipping")),
            });
        }
    }
}
