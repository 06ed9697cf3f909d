using Microsoft.EntityFrameworkCore;

namespace Saga.Participants.Payment.Data.Providers;

/// <summary>The payment database on Sqlite; it exists so that Sqlite's migrations have a context type of their own.</summary>
public sealed class SqlitePaymentDbContext(DbContextOptions<SqlitePaymentDbContext> options) : PaymentDbContext(options);
