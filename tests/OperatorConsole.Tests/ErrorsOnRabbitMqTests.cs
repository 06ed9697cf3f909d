using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using RabbitMQ.Client;
using Saga.Contracts;
using Saga.OperatorConsole.Tests.Support;
using Saga.TestInfrastructure;

namespace Saga.OperatorConsole.Tests;

/// <summary>
/// The errors page and the move of a group on a private RabbitMQ node: faulted messages put in <c>order-saga_error</c>
/// with MassTransit's fault headers, as MassTransit leaves them there.
/// </summary>
[NonParallelizable]
public sealed partial class ErrorsOnRabbitMqTests
{
    const string ErrorQueue = QueueNames.Orders + "_error";

    RabbitMqTestNode _rabbitMq = null!;
    string _virtualHost = null!;
    OrchestratorDatabase _database = null!;
    ConsoleServer _console = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _rabbitMq = await RabbitMqTestNode.StartAsync();
        _virtualHost = await _rabbitMq.CreateVirtualHostAsync();
        _database = await OrchestratorDatabase.CreateAsync(CancellationToken.None);
        var settings = ConsoleServer.Settings(_database, actions: true);
        settings["Saga:Transport:RabbitMq:Port"] = _rabbitMq.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Saga:Transport:RabbitMq:VirtualHost"] = _virtualHost;
        settings["Saga:Transport:RabbitMq:Username"] = _rabbitMq.Username;
        settings["Saga:Transport:RabbitMq:Password"] = _rabbitMq.Password;
        _console = await ConsoleServer.StartAsync(settings);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _console.DisposeAsync();
        await _database.DisposeAsync();
        await _rabbitMq.DisposeAsync();
    }

    [Test]
    public async Task A_group_of_faults_is_shown_with_its_details_and_moved_back_to_its_queue()
    {
        await using var connection = await new ConnectionFactory
        {
            HostName = _rabbitMq.Host, Port = _rabbitMq.Port, VirtualHost = _virtualHost, UserName = _rabbitMq.Username, Password = _rabbitMq.Password,
        }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        // The order queue and the exchange of the same name in front of it, as MassTransit declares them.
        await channel.QueueDeclareAsync(QueueNames.Orders, durable: true, exclusive: false, autoDelete: false);
        await channel.ExchangeDeclareAsync(QueueNames.Orders, ExchangeType.Fanout, durable: true);
        await channel.QueueBindAsync(QueueNames.Orders, QueueNames.Orders, "");
        await channel.QueueDeclareAsync(ErrorQueue, durable: true, exclusive: false, autoDelete: false);
        string[] ids = [Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString()];
        await FaultAsync(channel, ids[0], "System.Text.Json.JsonException", "'t' is an invalid start of a property name");
        await FaultAsync(channel, ids[1], "System.Text.Json.JsonException", "'t' is an invalid start of a property name");
        await FaultAsync(channel, ids[2], "System.InvalidOperationException", "something else");

        var overview = await _console.GetPageAsync("/");
        var errors = await _console.GetPageAsync("/errors");
        var group = GroupSection().Match(errors);
        Assert.That(group.Success, Is.True, errors);
        var moveLink = WebUtility.HtmlDecode(MoveGroupLink().Match(group.Value).Groups[1].Value);

        await _console.SignInAsync();
        var confirmation = await _console.GetPageAsync(moveLink);
        using var moved = await _console.PostFormAsync(moveLink, new Dictionary<string, string>
        {
            ["PostedQueue"] = ErrorQueue,
            ["MessageIds"] = HiddenIds().Match(confirmation).Groups[1].Value,
        });
        var result = await moved.Content.ReadAsStringAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(overview, Does.Match($"(?s)<tr data-queue=\"{ErrorQueue}\"[^>]*>.*?<td class=\"count number\">3</td>"));
            Assert.That(group.Value, Does.Contain("<span class=\"message-count\">2</span>"));
            Assert.That(group.Value, Does.Contain($"data-message-id=\"{ids[0]}\"").And.Contain($"data-message-id=\"{ids[1]}\""));
            Assert.That(group.Value, Does.Contain("at Saga.Somewhere()").And.Contain("worker-7 (Saga.SagaOrchestrator)"), "the fault details");
            Assert.That(errors, Does.Contain("class=\"move-message\""));
            Assert.That(confirmation, Does.Contain("form id=\"confirm-action\"").And.Contain(ids[0]).And.Contain(ids[1]).And.Not.Contain(ids[2]));
            Assert.That(result, Does.Contain("data-outcome=\"accepted\"").And.Contain($"moved 2 message(s) out of {ErrorQueue}"), result);
            Assert.That((await channel.QueueDeclarePassiveAsync(QueueNames.Orders)).MessageCount, Is.EqualTo(2u));
            Assert.That((await channel.QueueDeclarePassiveAsync(ErrorQueue)).MessageCount, Is.EqualTo(1u), "the other exception stays");
        });
    }

    static async Task FaultAsync(IChannel channel, string messageId, string exceptionType, string message)
    {
        var properties = new BasicProperties
        {
            MessageId = messageId,
            ContentType = "application/vnd.masstransit+json",
            Headers = new Dictionary<string, object?>
            {
                ["MT-Fault-ExceptionType"] = exceptionType,
                ["MT-Fault-Message"] = message,
                ["MT-Fault-StackTrace"] = "   at Saga.Somewhere()",
                ["MT-Fault-Timestamp"] = "2026-12-07T10:00:00Z",
                ["MT-Fault-InputAddress"] = $"rabbitmq://127.0.0.1/{QueueNames.Orders}",
                ["MT-Host-MachineName"] = "worker-7",
                ["MT-Host-ProcessName"] = "Saga.SagaOrchestrator",
            },
        };
        var body = Encoding.UTF8.GetBytes($"{{\"messageId\":\"{messageId}\",\"messageType\":[\"urn:message:Saga.Contracts:SubmitOrder\"],\"message\":{{}}}}");
        await channel.BasicPublishAsync("", ErrorQueue, mandatory: true, properties, body);
    }

    [GeneratedRegex("<section class=\"error-group\" data-queue=\"order-saga_error\" data-exception-type=\"System.Text.Json.JsonException\".*?</section>", RegexOptions.Singleline)]
    private static partial Regex GroupSection();

    [GeneratedRegex("<a class=\"move-group button\" href=\"([^\"]+)\"")]
    private static partial Regex MoveGroupLink();

    [GeneratedRegex("name=\"MessageIds\" value=\"([^\"]+)\"")]
    private static partial Regex HiddenIds();
}
