using Microsoft.EntityFrameworkCore;

namespace Saga.Participants.Payment.Data.Providers;

/// <summary>The payment database on PostgreSql; it exists so that PostgreSql's migrations have a context type of their own.</summary>
public sealed class PostgreSqlPaymentDbContext(DbContextOptions<PostgreSqlPaymentDbContext> options) : PaymentDbContext(options);
