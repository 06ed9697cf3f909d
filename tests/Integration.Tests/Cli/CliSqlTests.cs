using Saga.Operations;
using Saga.Operations.Outbox;
using Saga.Participants.Configuration;
using Saga.Persistence.Dialects;
using Saga.SagaOrchestrator.Configuration;

namespace Saga.Integration.Tests.Cli;

/// <summary>The provider-specific pieces of the CLI's SQL, and that it reads the orchestrator's database section.</summary>
public sealed class CliSqlTests
{
    [Test]
    public void The_cli_reads_the_orchestrators_database_section() =>
        Assert.That(OperatorSettings.OrchestratorDatabaseSection, Is.EqualTo(OrderSagaRegistration.DatabaseSection));

    [TestCase(DatabaseProvider.PostgreSql, null, "saga_overview")]
    [TestCase(DatabaseProvider.PostgreSql, "Saga_1", "\"Saga_1\".saga_overview")]
    [TestCase(DatabaseProvider.SqlServer, "saga", "[saga].saga_overview")]
    [TestCase(DatabaseProvider.SqlServer, null, "saga_overview")]
    [TestCase(DatabaseProvider.Sqlite, "saga", "saga_overview")]
    public void Views_are_qualified_with_the_configured_schema(DatabaseProvider provider, string? schema, string expected) =>
        Assert.That(SqlDialects.For(provider).Qualify(schema, "saga_overview"), Is.EqualTo(expected));

    [TestCase(DatabaseProvider.PostgreSql, "LIMIT @take OFFSET @skip")]
    [TestCase(DatabaseProvider.Sqlite, "LIMIT @take OFFSET @skip")]
    [TestCase(DatabaseProvider.SqlServer, "OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY")]
    public void Paging_follows_the_provider(DatabaseProvider provider, string expected) =>
        Assert.That(SqlDialects.For(provider).Page, Is.EqualTo(expected));

    [Test]
    public void On_sqlite_an_order_id_is_compared_as_the_upper_case_text_ef_core_stores()
    {
        var id = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        Assert.That(SqliteDialect.Instance.Id(id), Is.EqualTo("7C9E6679-7425-40DE-944B-E07FC1F90AE7"));
        Assert.That(PostgreSqlDialect.Instance.Id(id), Is.EqualTo(id));
    }

    [TestCase(DatabaseProvider.PostgreSql, "UPDATE b SET x = 1 WHERE y RETURNING id")]
    [TestCase(DatabaseProvider.Sqlite, "UPDATE b SET x = 1 WHERE y RETURNING id")]
    [TestCase(DatabaseProvider.SqlServer, "UPDATE b SET x = 1 OUTPUT inserted.id WHERE y")]
    public void An_update_returns_the_changed_rows_in_the_providers_syntax(DatabaseProvider provider, string expected) =>
        Assert.That(SqlDialects.For(provider).UpdateReturning("b", "x = 1", "y", "id"), Is.EqualTo(expected));

    [TestCase(DatabaseProvider.PostgreSql, "now()")]
    [TestCase(DatabaseProvider.SqlServer, "SYSUTCDATETIME()")]
    [TestCase(DatabaseProvider.Sqlite, "strftime('%Y-%m-%d %H:%M:%f', 'now')")]
    public void Now_is_the_databases_utc_clock(DatabaseProvider provider, string expected) =>
        Assert.That(SqlDialects.For(provider).UtcNow, Is.EqualTo(expected));

    [Test]
    public void The_outbox_commands_read_the_participants_database_sections()
    {
        Assert.That(OutboxService.Named("payment").DatabaseSection, Is.EqualTo(ParticipantsOptions.DatabaseSection(ParticipantKind.Payment)));
        Assert.That(OutboxService.Named("inventory").DatabaseSection, Is.EqualTo(ParticipantsOptions.DatabaseSection(ParticipantKind.Inventory)));
        Assert.That(OutboxService.Named("shipping").DatabaseSection, Is.EqualTo(ParticipantsOptions.DatabaseSection(ParticipantKind.Shipping)));
        Assert.That(OutboxService.Named("orchestrator").DatabaseSection, Is.EqualTo(OrderSagaRegistration.DatabaseSection));
    }
}
