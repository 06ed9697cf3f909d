using Microsoft.EntityFrameworkCore;

namespace Saga.Participants.Shipping.Data.Providers;

/// <summary>The shipping database on Sqlite; it exists so that Sqlite's migrations have a context type of their own.</summary>
public sealed class SqliteShippingDbContext(DbContextOptions<SqliteShippingDbContext> options) : ShippingDbContext(options);
