using Microsoft.EntityFrameworkCore;

namespace Saga.SagaOrchestrator.Persistence.Providers;

/// <summary>The orchestrator's database on Sqlite; it exists so that Sqlite's migrations have a context type of their own.</summary>
public sealed class SqliteOrderSagaDbContext(DbContextOptions<SqliteOrderSagaDbContext> options) : OrderSagaDbContext(options);
