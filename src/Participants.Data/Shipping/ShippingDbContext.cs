using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saga.Persistence;

namespace Saga.Participants.Shipping.Data;

/// <summary>The shipping participant's own database: the countries we serve and one shipment per order.</summary>
public sealed class ShippingDbContext : DbContext
{
    private const int _statusMaxLength = 16;

    public ShippingDbContext(DbContextOptions<ShippingDbContext> options)
        : base(options)
    {
    }

    public DbSet<ServedCountry> ServedCountries => Set<ServedCountry>();

    public DbSet<Shipment> Shipments => Set<Shipment>();

    public DbSet<ShipmentLine> ShipmentLines => Set<ShipmentLine>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureServedCountry(modelBuilder.Entity<ServedCountry>());
        ConfigureShipment(modelBuilder.Entity<Shipment>());
        ConfigureShipmentLine(modelBuilder.Entity<ShipmentLine>());
        modelBuilder.TransactionalOutbox();
    }

    private static void ConfigureServedCountry(EntityTypeBuilder<ServedCountry> country)
    {
        country.ToTable("served_countries");
        country.HasKey(c => c.Code);
        country.Property(c => c.Code).HasMaxLength(ServedCountry.CodeLength);
        country.Property(c => c.Carrier).HasMaxLength(ServedCountry.CarrierMaxLength).IsRequired();
    }

    private static void ConfigureShipment(EntityTypeBuilder<Shipment> shipment)
    {
        shipment.ToTable("shipments");
        shipment.HasKey(s => s.OrderId);
        shipment.Property(s => s.OrderId).ValueGeneratedNever();
        shipment.HasIndex(s => s.ShipmentId).IsUnique();
        // No foreign key to served countries: a refused shipment records the country we do not serve. The address is null
        // only on a voided order's shipment.
        shipment.Property(s => s.Country).HasMaxLength(ServedCountry.CodeLength);
        shipment.Property(s => s.City).HasMaxLength(Shipment.CityMaxLength);
        shipment.Property(s => s.PostalCode).HasMaxLength(Shipment.PostalCodeMaxLength);
        shipment.Property(s => s.Line1).HasMaxLength(Shipment.Line1MaxLength);
        shipment.Property(s => s.Carrier).HasMaxLength(ServedCountry.CarrierMaxLength);
        shipment.Property(s => s.Status).HasConversion<string>().HasMaxLength(_statusMaxLength);
        shipment.Property(s => s.RefusalReason).HasMaxLength(Shipment.RefusalReasonMaxLength);
        shipment.Property(s => s.Version).IsConcurrencyToken();
        shipment.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
    }

    private static void ConfigureShipmentLine(EntityTypeBuilder<ShipmentLine> line)
    {
        line.ToTable("shipment_lines");
        line.HasKey(l => new { l.OrderId, l.Sku });
        line.Property(l => l.Sku).HasMaxLength(ShipmentLine.SkuMaxLength);
    }
}
