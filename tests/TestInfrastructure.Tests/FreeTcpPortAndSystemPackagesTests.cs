using System.Net;
using System.Net.Sockets;

namespace Saga.TestInfrastructure.Tests;

[TestFixture]
public sealed class FreeTcpPortAndSystemPackagesTests
{
    [Test]
    public void AFoundPortCanBeBoundOnLoopback()
    {
        var port = FreeTcpPort.Find();

        using var listener = new TcpListener(IPAddress.Loopback, port);
        Assert.That(listener.Start, Throws.Nothing);
        Assert.That(port, Is.InRange(1024, 65535));
    }

    [Test]
    public void SeveralFoundPortsAreDistinct()
    {
        var ports = FreeTcpPort.Find(6);

        Assert.That(ports, Is.Unique.And.Count.EqualTo(6));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task IsListeningTellsAListeningPortFromAClosedOne(CancellationToken cancellationToken)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        Assert.That(await FreeTcpPort.IsListeningAsync(port, cancellationToken), Is.True);
        listener.Stop();
        Assert.That(await FreeTcpPort.IsListeningAsync(port, cancellationToken), Is.False);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task AnInstalledCommandIsFoundWithoutInstalling(CancellationToken cancellationToken)
    {
        var path = await SystemPackages.EnsureInstalledAsync("sh", "dash", cancellationToken);

        Assert.That(path, Does.EndWith("/sh"));
        Assert.That(File.Exists(path), Is.True);
        Assert.That(SystemPackages.FindCommand("saga-no-such-command-" + Guid.NewGuid().ToString("N")), Is.Null);
        Assert.That(SystemPackages.FindCommand("/bin/sh"), Is.EqualTo("/bin/sh"));
    }

    [Test]
    public void TheNewestPostgreSqlIsFound()
    {
        Assert.That(PostgreSqlTestCluster.FindBinDirectory(), Is.EqualTo(TestServers.PostgreSql.BinDirectory));
    }
}
