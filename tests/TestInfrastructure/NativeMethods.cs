using System.Runtime.InteropServices;

namespace Saga.TestInfrastructure;

internal static class NativeMethods
{
    internal const int SigKill = 9;
    internal const int SigQuit = 3;
    internal const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern int Kill(int pid, int signal);
}
