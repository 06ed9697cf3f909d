using Saga.OperatorConsole.Configuration;

namespace Saga.OperatorConsole.Tests;

public sealed class OptionsValidationTests
{
    static IEnumerable<string> Failures(Action<OperatorConsoleOptions> change)
    {
        var options = new OperatorConsoleOptions();
        change(options);
        return new OperatorConsoleOptionsValidator().Validate(null, options).Failures ?? [];
    }

    [Test]
    public void The_defaults_are_valid_and_read_only_on_loopback()
    {
        var options = new OperatorConsoleOptions();
        Assert.Multiple(() =>
        {
            Assert.That(Failures(_ => { }), Is.Empty);
            Assert.That(options.Url, Is.EqualTo("http://127.0.0.1:8090"));
            Assert.That(options.ActionsEnabled, Is.False);
            Assert.That(options.StuckAfter, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(options.RefreshInterval, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(options.ChartHours, Is.EqualTo(3));
            Assert.That(options.PageSize, Is.EqualTo(50));
        });
    }

    [TestCase("http://0.0.0.0:8090")]
    [TestCase("http://console.example.com:8090")]
    [TestCase("http://[::]:8090")]
    [TestCase("https://10.1.2.3:8443")]
    public void A_non_loopback_url_without_operators_is_refused(string url) =>
        Assert.That(Failures(o => o.Url = url), Has.Some.Contains("not a loopback address").And.Some.Contains("Console:Operators"));

    [Test]
    public void A_non_loopback_url_with_an_operator_is_accepted() =>
        Assert.That(Failures(o =>
        {
            o.Url = "http://0.0.0.0:8090";
            o.Operators["alice"] = "a-token-of-enough-length";
        }), Is.Empty);

    [TestCase("http://localhost:8090")]
    [TestCase("http://127.0.0.1:8090")]
    [TestCase("http://[::1]:8090")]
    public void A_loopback_url_needs_no_operator(string url) => Assert.That(Failures(o => o.Url = url), Is.Empty);

    [TestCase("")]
    [TestCase("127.0.0.1:8090")]
    [TestCase("ftp://127.0.0.1")]
    [TestCase("http://127.0.0.1:8090/console")]
    public void A_url_that_is_not_an_http_base_address_is_refused(string url) =>
        Assert.That(Failures(o => o.Url = url), Has.Some.Contains("Console:Url must be an absolute http or https URL"));

    [Test]
    public void Actions_without_any_operator_are_refused() =>
        Assert.That(Failures(o => o.ActionsEnabled = true), Has.Some.Contains("Console:ActionsEnabled needs at least one operator"));

    [Test]
    public void A_short_operator_token_is_refused() =>
        Assert.That(Failures(o => o.Operators["bob"] = "short"), Has.Some.Contains("Console:Operators:bob must be a token of at least 16 characters"));

    [Test]
    public void Bounds_are_checked() =>
        Assert.That(Failures(o =>
        {
            o.StuckAfter = TimeSpan.Zero;
            o.RefreshInterval = TimeSpan.FromMilliseconds(100);
            o.ChartHours = 0;
            o.PageSize = 1000;
        }), Has.Some.Contains("StuckAfter").And.Some.Contains("RefreshInterval").And.Some.Contains("ChartHours").And.Some.Contains("PageSize"));
}
