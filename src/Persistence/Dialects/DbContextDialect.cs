using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Dialects;

/// <summary>The dialect of <typeparamref name="TDbContext"/>'s database, as registered (<see cref="SqlDialectRegistrationExtensions.AddSqlDialect{TDbContext}"/>).</summary>
public sealed class DbContextDialect<TDbContext>(ISqlDialect dialect)
    where TDbContext : DbContext
{
    public ISqlDialect Dialect { get; } = dialect;
}
