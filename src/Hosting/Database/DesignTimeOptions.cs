using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Dialects;
using Saga.Settings.Database;

namespace Saga.Hosting.Database;

/// <summary>Context options for EF Core's design-time tools: the provider and naming the services use, with a connection never opened.</summary>
public static class DesignTimeOptions
{
    public static DbContextOptions<T> For<T>(DatabaseProvider provider, string database)
        where T : DbContext
    {
        var connectionString = provider switch
        {
            DatabaseProvider.PostgreSql => $"Host=localhost;Database={database}",
            DatabaseProvider.SqlServer => $"Server=localhost;Database={database}",
            _ => $"Data Source={database}.db",
        };

        return (DbContextOptions<T>)new DbContextOptionsBuilder<T>()
            .UseConfiguredDatabase(new DatabaseOptions { Provider = provider, ConnectionString = connectionString })
            .Options;
    }
}
