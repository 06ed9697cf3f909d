using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Saga.Hosting.Services;
using Saga.Participants.Configuration;
using Saga.Persistence.Dialects;
using Saga.SagaOrchestrator.Configuration;
using Saga.Settings.Database;

namespace Saga.Integration.Tests.Configuration;

/// <summary>The <c>Schema</c> of each database section: bound per section, checked at start-up, a bad one named.</summary>
[NonParallelizable]
public sealed class DatabaseSchemaSettingTests
{
    const string Section = "Participants:Payment:Database";

    static string Failure(string schema) =>
        $"{Section}:Schema '{schema}' must be a plain identifier: ASCII letters, digits and underscores, not starting with a digit, at most 63 characters";

    static IEnumerable<string?> Failures(string? schema) =>
        new DatabaseOptionsValidator().Validate(Section,
            new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=db", Schema = schema }).Failures ?? [];

    [TestCase(null)]
    [TestCase("saga_custom")]
    [TestCase("_private")]
    [TestCase("Tenant42")]
    [TestCase("s23456789012345678901234567890123456789012345678901234567890123")]
    public void A_plain_identifier_or_none_is_accepted(string? schema) => Assert.That(Failures(schema), Is.Empty);

    [TestCase("")]
    [TestCase("1tenant")]
    [TestCase("saga-custom")]
    [TestCase("saga custom")]
    [TestCase("saga.custom")]
    [TestCase("saga\"; DROP TABLE x; --")]
    [TestCase("schéma")]
    [TestCase("tenant\n")]
    [TestCase("s234567890123456789012345678901234567890123456789012345678901234")]
    public void Anything_else_is_refused_by_name(string schema) => Assert.That(Failures(schema), Is.EqualTo(new[] { Failure(schema) }));

    [Test]
    public void Each_database_section_has_its_own_schema_and_an_empty_one_means_the_default()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{OrderSagaRegistration.DatabaseSection}:Schema"] = "orchestration",
            [$"{Section}:Provider"] = "PostgreSql",
            [$"{Section}:ConnectionString"] = "Host=db;Database=payment",
            [$"{Section}:Schema"] = "payments",
            ["Participants:Shipping:Database:Schema"] = "",
        }).Build();
        using var provider = new ServiceCollection()
            .AddOrderSagaDatabase(configuration)
            .AddParticipantDatabases(configuration, Enum.GetValues<ParticipantKind>())
            .BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<DatabaseOptions>>();

        Assert.Multiple(() =>
        {
            Assert.That(options.Get(OrderSagaRegistration.DatabaseSection).Schema, Is.EqualTo("orchestration"));
            Assert.That(options.Get(Section).Schema, Is.EqualTo("payments"));
            Assert.That(options.Get("Participants:Inventory:Database").Schema, Is.Null);
            Assert.That(options.Get("Participants:Shipping:Database").Schema, Is.Null);
        });
    }

    [Test]
    public async Task A_service_with_a_bad_schema_refuses_to_start_and_says_why()
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int exitCode;
        try
        {
            exitCode = await ServiceCommandLine.RunAsync("Participants",
                ["migrate", "--Participants:Enabled:0", "Payment", $"--{Section}:Provider", "PostgreSql",
                 $"--{Section}:ConnectionString", "Host=localhost;Database=payment", $"--{Section}:Schema", "saga-custom"],
                ParticipantsService.Configure);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(error.ToString(), Does.Contain($"Participants: invalid setting: {Failure("saga-custom")}"));
        });
    }
}
