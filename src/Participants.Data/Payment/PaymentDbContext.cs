using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saga.Persistence;

namespace Saga.Participants.Payment.Data;

/// <summary>The payment participant's own database: accounts, their ledger and one payment record and one fraud check decision per order.</summary>
public sealed class PaymentDbContext : DbContext
{
    private const int _statusMaxLength = 16;

    public PaymentDbContext(DbContextOptions<PaymentDbContext> options)
        : base(options)
    {
    }

    public DbSet<CustomerAccount> CustomerAccounts => Set<CustomerAccount>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<PaymentRecord> PaymentRecords => Set<PaymentRecord>();

    public DbSet<FraudCheck> FraudChecks => Set<FraudCheck>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureCustomerAccount(modelBuilder.Entity<CustomerAccount>());
        ConfigureLedgerEntry(modelBuilder.Entity<LedgerEntry>());
        ConfigurePaymentRecord(modelBuilder.Entity<PaymentRecord>());
        ConfigureFraudCheck(modelBuilder.Entity<FraudCheck>());
        modelBuilder.TransactionalOutbox();
    }

    private static void ConfigureCustomerAccount(EntityTypeBuilder<CustomerAccount> account)
    {
        account.ToTable("customer_accounts");
        account.HasKey(a => a.CustomerId);
        account.Property(a => a.CustomerId).HasMaxLength(CustomerAccount.CustomerIdMaxLength);
        account.Property(a => a.Currency).HasMaxLength(CustomerAccount.CurrencyLength).IsRequired();
        account.Property(a => a.CreditLimit).HasPrecision(ParticipantLimits.AmountPrecision, ParticipantLimits.AmountScale);
        account.Property(a => a.Used).HasPrecision(ParticipantLimits.AmountPrecision, ParticipantLimits.AmountScale);
        account.Ignore(a => a.AvailableCredit);
    }

    private static void ConfigureLedgerEntry(EntityTypeBuilder<LedgerEntry> entry)
    {
        entry.ToTable("ledger_entries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.CustomerId).HasMaxLength(CustomerAccount.CustomerIdMaxLength).IsRequired();
        entry.Property(e => e.Kind).HasConversion<string>().HasMaxLength(_statusMaxLength);
        entry.Property(e => e.Amount).HasPrecision(ParticipantLimits.AmountPrecision, ParticipantLimits.AmountScale);
        entry.Property(e => e.Currency).HasMaxLength(CustomerAccount.CurrencyLength).IsRequired();
        entry.HasOne<CustomerAccount>().WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Restrict);
        entry.HasIndex(e => e.OrderId);
    }

    private static void ConfigurePaymentRecord(EntityTypeBuilder<PaymentRecord> record)
    {
        record.ToTable("payment_records");
        record.HasKey(r => r.OrderId);
        record.Property(r => r.OrderId).ValueGeneratedNever();
        record.HasIndex(r => r.PaymentId).IsUnique();
        // No foreign key to the account: a payment for an unknown customer is recorded as declined too.
        // Both null only on a voided order's record, which no payment ever ran for.
        record.Property(r => r.CustomerId).HasMaxLength(CustomerAccount.CustomerIdMaxLength);
        record.Property(r => r.Amount).HasPrecision(ParticipantLimits.AmountPrecision, ParticipantLimits.AmountScale);
        record.Property(r => r.Currency).HasMaxLength(CustomerAccount.CurrencyLength);
        record.Property(r => r.Status).HasConversion<string>().HasMaxLength(_statusMaxLength);
        record.Property(r => r.DeclineReason).HasMaxLength(PaymentRecord.DeclineReasonMaxLength);
        record.HasIndex(r => r.CustomerId);
    }

    private static void ConfigureFraudCheck(EntityTypeBuilder<FraudCheck> check)
    {
        check.ToTable("fraud_checks");
        check.HasKey(c => c.OrderId);
        check.Property(c => c.OrderId).ValueGeneratedNever();
        check.Property(c => c.Reason).HasMaxLength(FraudCheck.ReasonMaxLength);
    }
}
