using Microsoft.EntityFrameworkCore;

namespace Saga.Participants.Shipping.Data.Providers;

/// <summary>The shipping database on PostgreSql; it exists so that PostgreSql's migrations have a context type of their own.</summary>
public sealed class PostgreSqlShippingDbContext(DbContextOptions<PostgreSqlShippingDbContext> options) : ShippingDbContext(options);
