namespace Saga.TestInfrastructure;

/// <summary>Unix file modes, behind a platform guard so that callers need no platform annotations.</summary>
internal static class UnixFiles
{
    internal const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    internal const UnixFileMode OwnerWriteAllRead = OwnerOnly
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    internal const UnixFileMode SharedSticky = UnixFileMode.StickyBit | OwnerOnly
        | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    internal static void CreateDirectory(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw NotSupported();
        }

        Directory.CreateDirectory(path, mode);
    }

    internal static void SetMode(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw NotSupported();
        }

        File.SetUnixFileMode(path, mode);
    }

    internal static UnixFileMode GetMode(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw NotSupported();
        }

        return File.GetUnixFileMode(path);
    }

    private static PlatformNotSupportedException NotSupported() => new("The Saga test servers run on Linux only.");
}
