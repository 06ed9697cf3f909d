using System.Text;
using System.Text.Json;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Saga.Cli;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;

namespace Saga.Integration.Tests.Deploy.Live;

/// <summary>
/// What each broker user of <c>deploy/rabbitmq/definitions.json</c> may publish, asked of RabbitMQ itself with a plain AMQP
/// client: everything a principal does not send is refused with 403 ACCESS_REFUSED, what it sends is taken.
/// </summary>
public sealed partial class LeastPrivilegeDeploymentTests
{
    // The default exchange, by which a publish reaches any queue named in its routing key.
    const string DefaultExchange = "";

    static readonly string[] MessageExchanges =
    [
        "Saga.Contracts:SubmitOrder", "Saga.Contracts:CancelOrder", "Saga.Contracts:RetryCompensation",
        "Saga.Contracts:ProcessPayment", "Saga.Contracts:PaymentProcessed", "Saga.Contracts:ShipmentCancelled",
        "Saga.Contracts:PaymentStepTimedOut", "Saga.Contracts:OrderCompleted", "MassTransit:Fault--Saga.Contracts:ProcessPayment--",
    ];

    static IEnumerable<TestCaseData> ForbiddenPublishes()
    {
        // A participant forging the start or a command of a saga, an outcome, a reminder, or anything through the orchestrator's queue.
        foreach (var exchange in new[]
                 {
                     "Saga.Contracts:SubmitOrder", "Saga.Contracts:CancelOrder", "Saga.Contracts:ProcessPayment", "Saga.Contracts:OrderCompleted",
                     "Saga.Contracts:PaymentStepTimedOut", QueueNames.Orders, "saga-scheduler", DefaultExchange,
                 })
            yield return Case("saga-participants", exchange);

        // A client forging a participant's reply or fault, a command, an outcome, an operator's retry, or going around the exchanges.
        foreach (var exchange in new[]
                 {
                     "Saga.Contracts:PaymentProcessed", "MassTransit:Fault--Saga.Contracts:ProcessPayment--", "Saga.Contracts:ProcessPayment",
                     "Saga.Contracts:OrderCompleted", "Saga.Contracts:RetryCompensation", QueueNames.Orders, QueueNames.Payment, DefaultExchange,
                 })
            yield return Case("saga-client", exchange);

        // The operators' tool forging a participant's reply or fault, a command or an outcome.
        foreach (var exchange in new[]
                 {
                     "Saga.Contracts:PaymentProcessed", "MassTransit:Fault--Saga.Contracts:ProcessPayment--", "Saga.Contracts:ProcessPayment",
                     "Saga.Contracts:OrderCompleted", "Saga.Contracts:PaymentStepTimedOut", DefaultExchange,
                 })
            yield return Case("saga-ops", exchange);

        // The orchestrator forging a participant's reply or fault, an order, or a command by its message exchange.
        foreach (var exchange in new[]
                 {
                     "Saga.Contracts:PaymentProcessed", "MassTransit:Fault--Saga.Contracts:ProcessPayment--", "Saga.Contracts:SubmitOrder",
                     "Saga.Contracts:ProcessPayment", DefaultExchange,
                 })
            yield return Case("saga-orchestrator", exchange);
    }

    static IEnumerable<TestCaseData> AllowedPublishes()
    {
        yield return Case("saga-participants", "Saga.Contracts:PaymentProcessed");
        yield return Case("saga-participants", "Saga.Contracts:ShipmentCancelled");
        yield return Case("saga-participants", "MassTransit:Fault--Saga.Contracts:ProcessPayment--");
        yield return Case("saga-client", "Saga.Contracts:SubmitOrder");
        yield return Case("saga-client", "Saga.Contracts:CancelOrder");
        yield return Case("saga-ops", "Saga.Contracts:RetryCompensation");
        yield return Case("saga-ops", QueueNames.Payment);
        yield return Case("saga-orchestrator", "Saga.Contracts:OrderCompleted");
        yield return Case("saga-orchestrator", QueueNames.Payment);
    }

    static TestCaseData Case(string user, string exchange) =>
        new TestCaseData(user, exchange).SetArgDisplayNames(user, exchange.Length == 0 ? "(default exchange)" : exchange);

    [TestCaseSource(nameof(ForbiddenPublishes))]
    public async Task A_principal_is_refused_a_publish_of_what_it_does_not_send(string user, string exchange)
    {
        await DeclareMessageExchangesAsync();

        var (refusal, _) = await PublishAsAsync(user, exchange);

        Assert.That(refusal, Is.Not.Null, $"{user} published to '{exchange}'");
        Assert.That(refusal!.ReplyCode, Is.EqualTo(Constants.AccessRefused), refusal.ToString());
        Assert.That(refusal.ReplyText, Is.EqualTo(
            $"ACCESS_REFUSED - access to exchange '{(exchange.Length == 0 ? "amq.default" : exchange)}' in vhost '{VirtualHost}' refused for user '{user}'"));
    }

    [TestCaseSource(nameof(AllowedPublishes))]
    public async Task A_principal_may_publish_what_it_sends(string user, string exchange)
    {
        await DeclareMessageExchangesAsync();

        var (refusal, confirmed) = await PublishAsAsync(user, exchange);

        Assert.That(refusal, Is.Null, $"{user} was refused '{exchange}': {refusal}");
        Assert.That(confirmed, Is.True, $"the broker confirmed {user}'s publish to '{exchange}'");
    }

    [Test]
    public async Task The_client_asks_to_cancel_an_order_and_gets_the_orchestrators_answer_on_its_own_queue()
    {
        var orderId = Guid.NewGuid();
        var client = _client!.CreateRequestClient<CancelOrder>(RequestTimeout.After(s: 30));

        var response = await client.GetResponse<OrderCancellationAccepted, OrderCancellationRefused>(new CancelOrder(orderId, "changed my mind"));

        Assert.That(response.Is(out Response<OrderCancellationRefused>? refused), Is.True);
        Assert.That(refused!.Message, Is.EqualTo(new OrderCancellationRefused(orderId, "unknown order")));
    }

    [Test]
    public async Task The_saga_tool_as_saga_ops_asks_the_orchestrator_and_moves_a_faulted_message_back()
    {
        var settings = Path.Combine(Path.GetTempPath(), $"saga-ops-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(settings, $$"""
            { "Saga": { "Transport": { "Kind": "RabbitMq", "RabbitMq": {
                "Host": "{{Rabbit.Host}}", "Port": {{Rabbit.Port}}, "VirtualHost": "{{VirtualHost}}", "QuorumQueues": true,
                "Username": "saga-ops", "Password": "{{_passwords["saga-ops"]}}", "BusQueuePrefix": "saga-ops" } } } }
            """);
        try
        {
            // A request, answered on the tool's own bus queue.
            var retry = await RunSagaAsync("retry", Guid.NewGuid().ToString(), "--by", "deploy-test", "--settings", settings);
            Assert.That(retry.ExitCode, Is.EqualTo(ExitCodes.Failed), retry.Error);
            Assert.That(retry.Output, Does.StartWith("refused: unknown order"), retry.Error);

            // A participant's reply for an order the orchestrator does not know: it faults (publishing Fault<PaymentProcessed>)
            // into its error queue, and the operator moves it back.
            var messageId = Guid.NewGuid();
            var reply = $$$"""
                {"messageId":"{{{messageId}}}","messageType":["urn:message:Saga.Contracts:PaymentProcessed"],
                 "message":{"orderId":"{{{Guid.NewGuid()}}}","paymentId":"{{{Guid.NewGuid()}}}","amount":1.00,"currency":"EUR"}}
                """;
            var (refusal, _) = await PublishAsAsync("saga-participants", "Saga.Contracts:PaymentProcessed", reply, "application/vnd.masstransit+json", messageId);
            Assert.That(refusal, Is.Null);
            await Poll.UntilAsync(async () => (await RunSagaAsync("errors", "--settings", settings)).Output.Contains(messageId.ToString(), StringComparison.Ordinal),
                "the reply for an unknown order is in order-saga_error", TimeSpan.FromSeconds(30));

            var move = await RunSagaAsync("errors", "move", QueueNames.Orders, "--message-id", messageId.ToString(), "--settings", settings);
            Assert.That(move.ExitCode, Is.EqualTo(ExitCodes.Ok), move.Error);
            Assert.That(move.Output, Does.Contain($"moved 1 message(s) out of {QueueNames.Orders}_error"), move.Error);

            // Faulting it published Fault<PaymentProcessed>, within the orchestrator's rights.
            Assert.That(_orchestrator!.Output, Does.Not.Contain("ACCESS_REFUSED"));
        }
        finally
        {
            File.Delete(settings);
        }
    }

    /// <summary>
    /// The one thing a broker permission cannot see: the message types in the envelope. A participant may publish to
    /// <c>Saga.Contracts:PaymentProcessed</c>; with <c>CheckMessageTypeExchange</c> (set by the env examples) an envelope
    /// there that names <c>SubmitOrder</c> starts no order and lands in <c>order-saga_error</c>.
    /// </summary>
    [TestCase("urn:message:Saga.Contracts:SubmitOrder")]
    [TestCase("urn:message:Saga.Contracts:PaymentProcessed urn:message:Saga.Contracts:SubmitOrder")]
    public async Task A_reply_whose_envelope_names_another_message_type_is_not_consumed(string envelopeTypes)
    {
        var messageTypes = envelopeTypes.Split(' ');
        var orderId = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        var types = string.Join(",", messageTypes.Select(type => $"\"{type}\""));
        var forged = $$$"""
            {"messageId":"{{{messageId}}}","messageType":[{{{types}}}],
             "message":{"orderId":"{{{orderId}}}","customerId":"CUST-001","currency":"EUR","items":[{"sku":"SKU-001","quantity":1,"unitPrice":1.00}],
                        "shippingAddress":{"line1":"1 Main St","city":"Springfield","postalCode":"12345","country":"US"},
                        "paymentId":"{{{Guid.NewGuid()}}}","amount":1.00}}
            """;

        var (refusal, confirmed) = await PublishAsAsync("saga-participants", "Saga.Contracts:PaymentProcessed", forged, "application/vnd.masstransit+json", messageId);
        Assert.That((refusal, confirmed), Is.EqualTo(((ShutdownEventArgs?)null, true)), "the broker lets participants publish to the reply's exchange");

        string? exceptionType = null;
        await Poll.UntilAsync(async () =>
        {
            exceptionType = await ErrorQueueExceptionAsync(QueueNames.Orders + "_error", messageId);
            return exceptionType is not null;
        }, $"the forged message {messageId} reaches order-saga_error", TimeSpan.FromSeconds(30));

        Assert.That(exceptionType, Is.EqualTo(typeof(Saga.Settings.Transport.MessageTypeExchangeMismatchException).FullName));
        Assert.That(await OrderStateAsync(orderId), Is.Null, "no order was started");
    }

    /// <summary>
    /// The check against MassTransit's own faults: the orchestrator faults a reply for an unknown order and publishes
    /// <c>Fault&lt;PaymentProcessed&gt;</c>; the envelope it writes passes the check on the exchange RabbitMQ delivers it from,
    /// as a participant's fault of a command does on its way to the orchestrator.
    /// </summary>
    [Test]
    public async Task A_fault_MassTransit_publishes_passes_the_message_type_check()
    {
        const string faultExchange = "MassTransit:Fault--Saga.Contracts:PaymentProcessed--";
        await using var connection = await new ConnectionFactory
        {
            HostName = Rabbit.Host, Port = Rabbit.Port, UserName = Rabbit.Username, Password = Rabbit.Password, VirtualHost = VirtualHost,
            AutomaticRecoveryEnabled = false,
        }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(faultExchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        var listener = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(listener, faultExchange, "");

        var orderId = Guid.NewGuid();
        var reply = $$$"""
            {"messageId":"{{{Guid.NewGuid()}}}","messageType":["urn:message:Saga.Contracts:PaymentProcessed"],
             "message":{"orderId":"{{{orderId}}}","paymentId":"{{{Guid.NewGuid()}}}","amount":1.00,"currency":"EUR"}}
            """;
        var (refusal, _) = await PublishAsAsync("saga-participants", "Saga.Contracts:PaymentProcessed", reply, "application/vnd.masstransit+json", Guid.NewGuid());
        Assert.That(refusal, Is.Null);

        BasicGetResult? fault = null;
        await Poll.UntilAsync(async () => (fault = await channel.BasicGetAsync(listener, autoAck: true)) is not null,
            "the orchestrator publishes Fault<PaymentProcessed>", TimeSpan.FromSeconds(30));

        using var envelope = JsonDocument.Parse(fault!.Body);
        var types = envelope.RootElement.GetProperty("messageType").EnumerateArray().Select(type => type.GetString()!).ToList();
        Assert.That(fault.Exchange, Is.EqualTo(faultExchange));
        Assert.That(types, Does.Contain("urn:message:MassTransit:Fault[[Saga.Contracts:PaymentProcessed]]"));
        Assert.That(Saga.Settings.Transport.MessageTypeExchangeFilter.Matches(fault.Exchange, types), Is.True, string.Join(", ", types));
    }

    /// <summary>The exception MassTransit recorded for <paramref name="messageId"/> in <paramref name="errorQueue"/>, read and handed back unacknowledged.</summary>
    static async Task<string?> ErrorQueueExceptionAsync(string errorQueue, Guid messageId)
    {
        await using var connection = await new ConnectionFactory
        {
            HostName = Rabbit.Host, Port = Rabbit.Port, UserName = Rabbit.Username, Password = Rabbit.Password, VirtualHost = VirtualHost,
            AutomaticRecoveryEnabled = false,
        }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        string? found = null;
        try
        {
            while (await channel.BasicGetAsync(errorQueue, autoAck: false) is { } delivery)
            {
                if (delivery.BasicProperties.MessageId == messageId.ToString()
                    && delivery.BasicProperties.Headers?.TryGetValue("MT-Fault-ExceptionType", out var type) == true && type is byte[] bytes)
                    found = Encoding.UTF8.GetString(bytes);
            }
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode is Constants.NotFound or Constants.InternalError)
        {
            // MassTransit declares the error queue with the first failure, and a new quorum queue takes a moment to start ("noproc").
            return null;
        }

        // Closing the channel hands every message back to the queue.
        return found;
    }

    static async Task<(int ExitCode, string Output, string Error)> RunSagaAsync(params string[] args)
    {
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        var exitCode = await SagaCli.RunAsync(args, output, error);
        await TestContext.Out.WriteLineAsync($"$ saga {string.Join(' ', args)}\nexit code {exitCode}\n{output}\n{error}");
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>
    /// The message exchanges as MassTransit declares them, by the administrator, so that a refusal is about the right to
    /// write and never about an exchange that does not exist yet.
    /// </summary>
    static async Task DeclareMessageExchangesAsync()
    {
        await using var connection = await new ConnectionFactory
        {
            HostName = Rabbit.Host, Port = Rabbit.Port, UserName = Rabbit.Username, Password = Rabbit.Password, VirtualHost = VirtualHost,
            AutomaticRecoveryEnabled = false,
        }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var exchange in MessageExchanges)
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
    }

    /// <summary>
    /// Publishes a message no service can read (it ends in the consuming service's error queue) on a fresh channel with
    /// publisher confirms, as <paramref name="user"/>: the broker's refusal, or whether it confirmed the message.
    /// </summary>
    Task<(ShutdownEventArgs? Refusal, bool Confirmed)> PublishAsAsync(string user, string exchange) =>
        PublishAsAsync(user, exchange, $"deploy check by {user}", "text/plain", Guid.NewGuid());

    async Task<(ShutdownEventArgs? Refusal, bool Confirmed)> PublishAsAsync(string user, string exchange, string body, string contentType, Guid messageId)
    {
        await using var connection = await ConnectAsync(user, VirtualHost);
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true,
            publisherConfirmationTrackingEnabled: true));
        await using (channel)
        {
            var properties = new BasicProperties { ContentType = contentType, MessageId = messageId.ToString(), DeliveryMode = DeliveryModes.Persistent };
            var routingKey = exchange.Length == 0 ? QueueNames.Orders : "";
            var failure = await CaptureAsync(async () =>
                await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, Encoding.UTF8.GetBytes(body)));
            if (channel.CloseReason is { } reason)
                return (reason, false);
            Assert.That(failure, Is.Null, $"{user} publishing to '{exchange}' failed other than by a refusal");
            return (null, true);
        }
    }
}
