using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Saga.Persistence.Transitions;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.Persistence;

namespace Saga.Orchestrator.Tests.Configuration;

/// <summary>The transition history's retention and cleanup, bound from <c>Orchestrator:History</c>.</summary>
public sealed class TransitionHistorySettingsTests
{
    static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddOrderSagaDatabase(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

    [Test]
    public async Task The_settings_are_read_from_the_history_section()
    {
        await using var services = Services(new()
        {
            [$"{OrderSagaRegistration.HistorySection}:Retention"] = "7.00:00:00",
            [$"{OrderSagaRegistration.HistorySection}:CleanupBatchSize"] = "250",
        });

        var options = services.GetRequiredService<TransitionHistoryOptions<OrderSagaDbContext>>();

        Assert.Multiple(() =>
        {
            Assert.That(options.Retention, Is.EqualTo(TimeSpan.FromDays(7)));
            Assert.That(options.CleanupBatchSize, Is.EqualTo(250));
            Assert.That(options.MaxBatchesPerPass, Is.EqualTo(100), "the default");
        });
    }

    [Test]
    public async Task An_infinite_retention_keeps_everything()
    {
        await using var services = Services(new() { [$"{OrderSagaRegistration.HistorySection}:Retention"] = "-00:00:00.001" });

        Assert.That(services.GetRequiredService<TransitionHistoryOptions<OrderSagaDbContext>>().KeepsEverything, Is.True);
    }

    [Test]
    public async Task A_zero_retention_is_refused_naming_the_setting()
    {
        await using var services = Services(new() { [$"{OrderSagaRegistration.HistorySection}:Retention"] = "00:00:00" });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<TransitionHistoryOptions<OrderSagaDbContext>>());
        Assert.That(failure!.Message, Does.Contain("Orchestrator:History:Retention"));
    }
}
