using Microsoft.EntityFrameworkCore;

namespace Saga.SagaOrchestrator.Persistence.Providers;

/// <summary>The orchestrator's database on PostgreSql; it exists so that PostgreSql's migrations have a context type of their own.</summary>
public sealed class PostgreSqlOrderSagaDbContext(DbContextOptions<PostgreSqlOrderSagaDbContext> options) : OrderSagaDbContext(options);
