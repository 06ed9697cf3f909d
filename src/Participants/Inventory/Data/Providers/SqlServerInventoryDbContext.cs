using Microsoft.EntityFrameworkCore;

namespace Saga.Participants.Inventory.Data.Providers;

/// <summary>The inventory database on SqlServer; it exists so that SqlServer's migrations have a context type of their own.</summary>
public sealed class SqlServerInventoryDbContext(DbContextOptions<SqlServerInventoryDbContext> options) : InventoryDbContext(options);
