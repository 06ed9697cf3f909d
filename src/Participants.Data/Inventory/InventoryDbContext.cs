using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saga.Persistence;

namespace Saga.Participants.Inventory.Data;

/// <summary>The inventory participant's own database: stock per SKU and one reservation per order.</summary>
public sealed class InventoryDbContext : DbContext
{
    private const int _statusMaxLength = 16;

    public InventoryDbContext(DbContextOptions<InventoryDbContext> options)
        : base(options)
    {
    }

    public DbSet<StockItem> StockItems => Set<StockItem>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    public DbSet<ReservationLine> ReservationLines => Set<ReservationLine>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureStockItem(modelBuilder.Entity<StockItem>());
        ConfigureReservation(modelBuilder.Entity<Reservation>());
        ConfigureReservationLine(modelBuilder.Entity<ReservationLine>());
        modelBuilder.TransactionalOutbox();
    }

    private static void ConfigureStockItem(EntityTypeBuilder<StockItem> item)
    {
        item.ToTable("stock_items");
        item.HasKey(i => i.Sku);
        item.Property(i => i.Sku).HasMaxLength(StockItem.SkuMaxLength);
        item.Property(i => i.Name).HasMaxLength(StockItem.NameMaxLength).IsRequired();
        item.Ignore(i => i.Available);
    }

    private static void ConfigureReservation(EntityTypeBuilder<Reservation> reservation)
    {
        reservation.ToTable("reservations");
        reservation.HasKey(r => r.OrderId);
        reservation.Property(r => r.OrderId).ValueGeneratedNever();
        reservation.HasIndex(r => r.ReservationId).IsUnique();
        reservation.Property(r => r.Status).HasConversion<string>().HasMaxLength(_statusMaxLength);
        reservation.Property(r => r.FailureReason).HasMaxLength(Reservation.FailureReasonMaxLength);
        reservation.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
    }

    private static void ConfigureReservationLine(EntityTypeBuilder<ReservationLine> line)
    {
        line.ToTable("reservation_lines");
        line.HasKey(l => new { l.OrderId, l.Sku });
        line.Property(l => l.Sku).HasMaxLength(StockItem.SkuMaxLength);
        // Lines only exist for successful reservations, so every SKU on them is a stocked one.
        line.HasOne<StockItem>().WithMany().HasForeignKey(l => l.Sku).OnDelete(DeleteBehavior.Restrict);
    }
}
