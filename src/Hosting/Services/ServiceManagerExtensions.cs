using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.WindowsServices;

namespace Saga.Hosting.Services;

public static class ServiceManagerExtensions
{
    /// <summary>
    /// Lets the Windows service manager and systemd run the service; each is a no-op unless the process was started by it.
    /// Under systemd (<c>Type=notify</c>) the host sends <c>READY=1</c> once every hosted service started — migrations
    /// applied and the bus connected — and <c>STOPPING=1</c> when it begins to stop.
    /// </summary>
    public static HostApplicationBuilder AddServiceManagers(this HostApplicationBuilder builder)
    {
        // A Windows service starts in system32. The host then takes the binary's directory as its content root (where
        // appsettings.json is); relative paths in settings (a SQLite file) resolve against the working directory, so move
        // that to the content root as well: both then mean "next to the binary" unless a path is absolute.
        if (WindowsServiceHelpers.IsWindowsService())
            Directory.SetCurrentDirectory(builder.Environment.ContentRootPath);

        builder.Services.AddWindowsService();
        builder.Services.AddSystemd();
        return builder;
    }
}
