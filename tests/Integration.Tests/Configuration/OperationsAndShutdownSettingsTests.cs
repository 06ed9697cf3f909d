using Saga.Settings.Listening;
using Saga.Hosting.Operations;
using Saga.Hosting.Services;

namespace Saga.Integration.Tests.Configuration;

/// <summary>The operations listener's and the shutdown's settings: what is refused, with the setting named, and what is loopback.</summary>
public sealed class OperationsAndShutdownSettingsTests
{
    static List<string> Failures(OperationsOptions options) =>
        new OperationsOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [TestCase("http://127.0.0.1:8081")]
    [TestCase("https://ops.internal:8443")]
    [TestCase("http://0.0.0.0:8082")]
    [TestCase("http://[::1]:8081")]
    public void An_http_or_https_URL_is_accepted(string url) =>
        Assert.That(Failures(new OperationsOptions { Url = url }), Is.Empty);

    [TestCase("")]
    [TestCase("127.0.0.1:8081")]
    [TestCase("ftp://127.0.0.1:8081")]
    [TestCase("http://127.0.0.1:8081/health")]
    [TestCase("/relative")]
    public void Anything_else_is_refused_naming_the_setting(string url) =>
        Assert.That(Failures(new OperationsOptions { Url = url }), Has.Exactly(1).StartsWith("Operations:Url must be an absolute http or https URL"));

    [Test]
    public void The_stuck_outbox_threshold_must_be_positive() =>
        Assert.That(Failures(new OperationsOptions { Url = "http://127.0.0.1:8081", OutboxStuckAfter = TimeSpan.Zero }),
            Is.EqualTo(new[] { "Operations:OutboxStuckAfter must be a positive duration" }));

    [TestCase("http://127.0.0.1:8081", true)]
    [TestCase("http://localhost:8081", true)]
    [TestCase("http://[::1]:8081", true)]
    [TestCase("http://0.0.0.0:8081", false)]
    [TestCase("http://10.1.2.3:8081", false)]
    [TestCase("http://ops.internal:8081", false)]
    public void Loopback_is_told_apart(string url, bool loopback) =>
        Assert.That(ListenUrl.IsLoopback(new Uri(url)), Is.EqualTo(loopback));

    [TestCase("00:00:00")]
    [TestCase("02:00:00")]
    public void A_shutdown_timeout_out_of_range_is_refused(string timeout) =>
        Assert.That(new ShutdownOptionsValidator().Validate(null, new ShutdownOptions { ShutdownTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) }).Failures,
            Is.EqualTo(new[] { "Saga:Host:ShutdownTimeout must be between 00:00:01 and 01:00:00" }));

    [Test]
    public void The_bus_gets_two_thirds_of_the_shutdown_timeout() =>
        Assert.That(new ShutdownOptions().BusStopTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
}
