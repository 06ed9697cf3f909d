using Microsoft.Extensions.Configuration;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Operations;

namespace Saga.Integration.Tests.EndToEnd.Actions;

/// <summary>An operator's settings for a saga system: its broker (with the password) and the orchestrator's database.</summary>
static class OperatorSystemSettings
{
    public static OperatorSettings For(SagaSystem system) =>
        OperatorSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(system.Settings.Configuration())
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Saga:Transport:RabbitMq:Password"] = Servers.Rabbit.Password })
            .Build());
}
