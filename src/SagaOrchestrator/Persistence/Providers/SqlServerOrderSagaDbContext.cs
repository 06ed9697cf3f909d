using Microsoft.EntityFrameworkCore;

namespace Saga.SagaOrchestrator.Persistence.Providers;

/// <summary>The orchestrator's database on SqlServer; it exists so that SqlServer's migrations have a context type of their own.</summary>
public sealed class SqlServerOrderSagaDbContext(DbContextOptions<SqlServerOrderSagaDbContext> options) : OrderSagaDbContext(options);
