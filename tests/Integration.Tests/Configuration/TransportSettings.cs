using Microsoft.Extensions.Hosting.Internal;
using Saga.Settings.Transport;

namespace Saga.Integration.Tests.Configuration;

/// <summary>Transport settings for the validation tests: a complete RabbitMQ setting to change one thing in, and the validator's verdict.</summary>
static class TransportSettings
{
    public static TransportOptions Rabbit(Action<RabbitMqOptions> change)
    {
        var options = new TransportOptions
        {
            Kind = TransportKind.RabbitMq,
            RabbitMq = { Host = "rabbit.internal", Username = "saga", Password = "secret" },
        };
        change(options.RabbitMq);
        return options;
    }

    public static List<string> Failures(TransportOptions options, string environment = "Production") =>
        new TransportOptionsValidator(new HostingEnvironment { EnvironmentName = environment }).Validate(null, options).Failures?.ToList() ?? [];
}
