using Microsoft.EntityFrameworkCore;

namespace Saga.Participants.Inventory.Data.Providers;

/// <summary>The inventory database on PostgreSql; it exists so that PostgreSql's migrations have a context type of their own.</summary>
public sealed class PostgreSqlInventoryDbContext(DbContextOptions<PostgreSqlInventoryDbContext> options) : InventoryDbContext(options);
