using Microsoft.EntityFrameworkCore;

namespace Saga.Participants.Inventory.Data.Providers;

/// <summary>The inventory database on Sqlite; it exists so that Sqlite's migrations have a context type of their own.</summary>
public sealed class SqliteInventoryDbContext(DbContextOptions<SqliteInventoryDbContext> options) : InventoryDbContext(options);
