using Microsoft.EntityFrameworkCore;

namespace Saga.Participants.Payment.Data.Providers;

/// <summary>The payment database on SqlServer; it exists so that SqlServer's migrations have a context type of their own.</summary>
public sealed class SqlServerPaymentDbContext(DbContextOptions<SqlServerPaymentDbContext> options) : PaymentDbContext(options);
