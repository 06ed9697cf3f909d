using System.Net;
using System.Net.Sockets;

namespace Saga.TestInfrastructure.Tests;

[TestFixture]
public sealed class FreeTcpPortAndSystemPackagesTests
{
    [Test]
    public void A_found_port_can_be_bound_on_loopback()
    {
        var port = FreeTcpPort.Find();

        using var listener = new TcpListener(IPAddress.Loopback, port);
        Assert.That(listener.Start, Throws.Nothing);
        Assert.That(port, Is.InRange(1024, 65535));
    }

    [Test]
    public void Several_found_ports_are_distinct()
    {
        var ports = FreeTcpPort.Find(6);

        Assert.That(ports, Is.Unique.And.Count.EqualTo(6));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task IsListening_tells_a_listening_port_from_a_closed_one(CancellationToken cancellationToken)
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
    public async Task An_installed_command_is_found_without_installing(CancellationToken cancellationToken)
    {
        var path = await SystemPackages.EnsureInstalledAsync("sh", "dash", cancellationToken);

        Assert.That(path, Does.EndWith("/sh"));
        Assert.That(File.Exists(path), Is.True);
        Assert.That(SystemPackages.FindCommand("saga-no-such-command-" + Guid.NewGuid().ToString("N")), Is.Null);
        Assert.That(SystemPackages.FindCommand("/bin/sh"), Is.EqualTo("/bin/sh"));
    }

    [Test]
    public void The_newest_PostgreSQL_with_all_server_programs_is_found()
    {
        var root = Directory.CreateTempSubdirectory("saga-postgresql-versions-");
        try
        {
            // Versions compare as numbers (9.6 < 13 < 15); 16 lacks the server itself, as after a partial install.
            Install(root.FullName, "9.6", "initdb", "pg_ctl", "postgres");
            Install(root.FullName, "13", "initdb", "pg_ctl", "postgres");
            Install(root.FullName, "15", "initdb", "pg_ctl", "postgres");
            Install(root.FullName, "16", "initdb", "pg_ctl");
            Directory.CreateDirectory(Path.Combine(root.FullName, "common", "bin"));

            Assert.That(PostgreSqlTestCluster.FindBinDirectory(root.FullName), Is.EqualTo(Path.Combine(root.FullName, "15", "bin")));
            Assert.That(PostgreSqlTestCluster.FindBinDirectory(Path.Combine(root.FullName, "missing")), Is.Null);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static void Install(string root, string version, params string[] programs)
    {
        var bin = Directory.CreateDirectory(Path.Combine(root, version, "bin")).FullName;
        foreach (var program in programs)
        {
            File.WriteAllText(Path.Combine(bin, program), "");
        }
    }
}
