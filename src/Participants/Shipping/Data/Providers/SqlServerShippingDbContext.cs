using Microsoft.EntityFrameworkCore;

namespace Saga.Participants.Shipping.Data.Providers;

/// <summary>The shipping database on SqlServer; it exists so that SqlServer's migrations have a context type of their own.</summary>
public sealed class SqlServerShippingDbContext(DbContextOptions<SqlServerShippingDbContext> options) : ShippingDbContext(options);
