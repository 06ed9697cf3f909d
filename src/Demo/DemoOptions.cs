namespace Saga.Demo;

/// <summary>What the demo runs: how many orders, and where its SQLite files go.</summary>
public sealed record DemoOptions(int Orders, string DataDirectory, TimeSpan Timeout)
{
    public const int MinimumOrders = 8;

    public string OrchestratorDatabase => Path.Combine(DataDirectory, "orchestrator.db");
    public string PaymentDatabase => Path.Combine(DataDirectory, "payment.db");
    public string InventoryDatabase => Path.Combine(DataDirectory, "inventory.db");
    public string ShippingDatabase => Path.Combine(DataDirectory, "shipping.db");

    public IEnumerable<string> Databases => [OrchestratorDatabase, PaymentDatabase, InventoryDatabase, ShippingDatabase];

    public static DemoOptions Parse(IReadOnlyList<string> args)
    {
        var orders = 20;
        var data = Path.Combine(Environment.CurrentDirectory, "data");
        var timeout = TimeSpan.FromSeconds(120);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--orders" when i + 1 < args.Count && int.TryParse(args[i + 1], out var n) && n >= MinimumOrders:
                    orders = n;
                    i++;
                    break;
                case "--data" when i + 1 < args.Count:
                    data = Path.GetFullPath(args[++i]);
                    break;
                case "--timeout" when i + 1 < args.Count && int.TryParse(args[i + 1], out var seconds) && seconds > 0:
                    timeout = TimeSpan.FromSeconds(seconds);
                    i++;
                    break;
                default:
                    throw new ArgumentException(
                        $"unknown or invalid demo option '{args[i]}' (use --orders N with N >= {MinimumOrders}, --data DIR, --timeout SECONDS)");
            }
        }

        return new DemoOptions(orders, data, timeout);
    }
}
