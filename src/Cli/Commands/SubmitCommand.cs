using System.CommandLine;
using System.CommandLine.Parsing;
using Saga.Cli.Output;
using Saga.Cli.Parsing;
using Saga.Contracts;
using Saga.Operations.Connection;
using Saga.Operations.Sagas;

namespace Saga.Cli.Commands;

/// <summary>
/// <c>saga submit</c>: publishes a <see cref="SubmitOrder"/> through the broker, as any client would, and prints the order
/// id; with <c>--wait</c> it then watches the database until the order is final.
/// </summary>
public static class SubmitCommand
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static Command Create(GlobalOptions globals)
    {
        var file = new Option<FileInfo?>("--file") { Description = "A SubmitOrder as JSON (bare or in its MassTransit envelope)", HelpName = "FILE" };
        var orderId = new Option<Guid?>("--order-id") { Description = "The order's id; a new one when left out" };
        var customer = new Option<string?>("--customer") { Description = "The customer id, e.g. CUST-1001" };
        var currency = new Option<string?>("--currency") { Description = "ISO 4217 code, e.g. EUR" };
        var reference = new Option<string?>("--customer-reference")
        {
            Description = "The client's own reference for the order, e.g. a purchase order number (also with --file: replaces the file's)",
            HelpName = "REFERENCE",
        };
        var items = new Option<OrderItem[]>("--item")
        {
            Description = "An order line SKU:QUANTITY:UNIT_PRICE (repeat for several), e.g. SKU-KB-001:1:89.90",
            HelpName = "SKU:QTY:PRICE",
            CustomParser = ParseItems,
            DefaultValueFactory = _ => [],
        };
        var shipTo = new Option<string[]>("--ship-to")
        {
            Description = "The address as four values: LINE1 CITY POSTAL_CODE COUNTRY (quote values with spaces; country ISO 3166-1 alpha-2)",
            HelpName = "LINE1 CITY POSTAL_CODE COUNTRY",
            Arity = new ArgumentArity(4, 4),
            AllowMultipleArgumentsPerToken = true,
        };
        var wait = new Option<bool>("--wait") { Description = "Wait until the order is final (Completed, Compensated, Rejected, CompensationFailed)" };
        var timeout = CliOptions.Duration("--timeout", "How long --wait waits", TimeSpan.FromSeconds(60));

        var command = new Command("submit", "Start an order saga: publish SubmitOrder and print the order id")
        {
            file, orderId, customer, currency, items, shipTo, reference, wait, timeout,
        };
        command.Validators.Add(result =>
        {
            Option[] fromOptions = [customer, currency, items, shipTo];
            var given = fromOptions.Where(o => result.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
            if (result.GetResult(file) is not null)
            {
                if (given.Count > 0)
                    result.AddError($"--file cannot be combined with {string.Join(", ", given)}");
                return;
            }

            var missing = fromOptions.Where(o => result.GetResult(o) is null or { Implicit: true }).Select(o => o.Name).ToList();
            if (missing.Count > 0)
                result.AddError($"give --file, or all of --customer, --currency, --item and --ship-to (missing {string.Join(", ", missing)})");
        });

        command.SetAction(globals, context =>
        {
            SubmitOrder order;
            if (context.Value(file) is { } orderFile)
            {
                order = SubmitOrderFile.Read(orderFile);
                if (context.Value(orderId) is { } id)
                    order = order with { OrderId = id };
                else if (order.OrderId == Guid.Empty)
                    order = order with { OrderId = Guid.NewGuid() };
            }
            else
            {
                var address = context.Value(shipTo)!;
                order = new SubmitOrder(context.Value(orderId) ?? Guid.NewGuid(), context.Value(customer)!, context.Value(items)!,
                    context.Value(currency)!, new ShippingAddress(address[0], address[1], address[2], address[3]));
            }

            if (context.Value(reference) is { } customerReference)
                order = order with { CustomerReference = customerReference };

            return RunAsync(context, order, context.Value(wait) ? context.Value(timeout) : null);
        });
        return command;
    }

    static OrderItem[] ParseItems(ArgumentResult result)
    {
        var parsed = new List<OrderItem>();
        foreach (var token in result.Tokens)
        {
            if (OrderItems.TryParse(token.Value, out var item, out var error))
                parsed.Add(item!);
            else
                result.AddError($"--item {error}");
        }

        return [.. parsed];
    }

    static async Task<int> RunAsync(CliContext context, SubmitOrder order, TimeSpan? wait)
    {
        // With --wait the database is opened first: an unreachable one fails the command before anything is published.
        await using var database = wait is null ? null : await SagaDatabase.OpenAsync(context.Settings, context.CancellationToken);
        await using (var bus = await OperatorBus.StartAsync(context.Settings, context.CancellationToken))
        {
            // The bus publishes with publisher confirms: once this returns, the broker has the order.
            await bus.Bus.Publish(order, context.CancellationToken);
        }

        if (database is null)
        {
            await context.WriteAsync(new { orderId = order.OrderId }, output => output.WriteLine(order.OrderId));
            return ExitCodes.Ok;
        }

        if (!context.Json)
            await context.Output.WriteLineAsync(order.OrderId.ToString());
        return await WaitAsync(context, new SagaQueries(database), order.OrderId, wait!.Value);
    }

    static async Task<int> WaitAsync(CliContext context, SagaQueries queries, Guid orderId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        SagaOverview? saga;
        while (true)
        {
            saga = await queries.FindAsync(orderId, context.CancellationToken);
            if (saga is not null && SagaStates.Final.Contains(saga.State))
                break;
            if (DateTime.UtcNow >= deadline)
            {
                var state = saga?.State ?? "not started";
                await context.WriteAsync(new { orderId, state, timedOut = true },
                    output => output.WriteLine($"timed out after {Formats.Duration(timeout.TotalSeconds)}: the order is {state}"));
                return ExitCodes.Timeout;
            }

            await Task.Delay(PollInterval, context.CancellationToken);
        }

        var history = await queries.HistoryAsync(orderId, context.CancellationToken);
        await context.WriteAsync(new { orderId, state = saga.State, timedOut = false, order = saga, timeline = history },
            output => SagaDetails.Write(output, saga, history));
        return saga.State == SagaStates.Completed ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
