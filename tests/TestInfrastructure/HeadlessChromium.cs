using System.Drawing;
using System.Globalization;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Saga.TestInfrastructure;

/// <summary>
/// A headless Chromium from the machine's Debian packages (<c>chromium</c>, <c>chromium-driver</c>; installed when
/// missing and running as root), driven through Selenium's ChromeDriver. The driver and the browser run with the test
/// servers' marker and a throw-away profile in a server directory of their own, so dispose, this process's exit or its
/// death (the watchdog) leaves no browser behind.
/// </summary>
/// <remarks>
/// The driver's path is given explicitly and the browser's binary too: Selenium Manager never runs, so nothing is
/// downloaded. One instance is one browser window; it is not thread-safe (neither is a WebDriver session).
/// </remarks>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>The kind of server directory (<c>$TMPDIR/saga-test-servers/…-chromium-…</c>).</summary>
    internal const string Kind = "chromium";

    public const string BrowserPath = "/usr/bin/chromium";

    public const string DriverDirectory = "/usr/bin";

    public const string DriverFileName = "chromedriver";

    /// <summary>A desktop window.</summary>
    public static readonly Size DefaultWindowSize = new(1280, 900);

    /// <summary>A phone held upright.</summary>
    public static readonly Size NarrowWindowSize = new(390, 844);

    /// <summary>How long <see cref="WaitUntil{T}"/> waits unless told otherwise.</summary>
    public static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(15);

    // The flags a browser needs in a container, as root, with no network beyond loopback: no sandbox (root), no GPU,
    // nothing that phones home or updates itself in the background.
    private static readonly string[] s_flags =
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(30);

    private readonly ServerInstance _instance;
    private readonly ChromeDriverService _service;
    private readonly ChromeDriver _driver;
    private bool _disposed;

    private HeadlessChromium(ServerInstance instance, ChromeDriverService service, ChromeDriver driver)
    {
        _instance = instance;
        _service = service;
        _driver = driver;
    }

    /// <summary>The WebDriver session of this browser.</summary>
    public IWebDriver Driver => _driver;

    /// <summary>The browser's private directory (its profile is in there); deleted on dispose.</summary>
    public string Directory => _instance.Directory;

    /// <summary>Installs Chromium and ChromeDriver when missing and starts a headless browser with a window of <paramref name="windowSize"/> (default <see cref="DefaultWindowSize"/>).</summary>
    public static async Task<HeadlessChromium> StartAsync(Size? windowSize = null, CancellationToken cancellationToken = default)
    {
        await EnsureInstalledAsync(cancellationToken);
        var size = windowSize ?? DefaultWindowSize;
        var instance = await ServerInstance.CreateAsync(Kind);
        ChromeDriverService? service = null;
        try
        {
            service = ChromeDriverService.CreateDefaultService(DriverDirectory, DriverFileName);
            service.SuppressInitialDiagnosticInformation = true;
            service.HideCommandPromptWindow = true;
            service.LogPath = Path.Combine(instance.Directory, "chromedriver.log");
            // The driver passes its environment on to the browser, so both carry the marker.
            service.DriverProcessStarting += (_, e) =>
                ProcessRunner.ApplyEnvironment(e.DriverServiceProcessStartInfo, instance.MarkerEnvironment);

            var options = new ChromeOptions { BinaryLocation = BrowserPath };
            options.AddArguments(s_flags);
            options.AddArgument($"--user-data-dir={Path.Combine(instance.Directory, "profile")}");
            options.AddArgument($"--window-size={size.Width},{size.Height}");

            var driver = await Task.Run(() => new ChromeDriver(service, options, s_commandTimeout), cancellationToken);
            driver.Manage().Timeouts().PageLoad = s_commandTimeout;
            driver.Manage().Timeouts().AsynchronousJavaScript = s_commandTimeout;
            var browser = new HeadlessChromium(instance, service, driver);
            browser.ResizeWindow(size);
            return browser;
        }
        catch
        {
            service?.Dispose();
            await instance.FinishAsync();
            throw;
        }
    }

    /// <summary>Makes sure Debian's Chromium and ChromeDriver are there (installing them as root when missing).</summary>
    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken = default)
    {
        await SystemPackages.EnsureInstalledAsync(BrowserPath, "chromium", cancellationToken);
        await SystemPackages.EnsureInstalledAsync(Path.Combine(DriverDirectory, DriverFileName), "chromium-driver", cancellationToken);
    }

    /// <summary>Loads <paramref name="url"/> and returns when the page has loaded.</summary>
    public void Navigate(string url) => _driver.Navigate().GoToUrl(url);

    /// <summary>Loads <paramref name="url"/> and returns when the page has loaded.</summary>
    public void Navigate(Uri url) => _driver.Navigate().GoToUrl(url);

    /// <summary>
    /// Gives the page a viewport of <paramref name="size"/> CSS pixels (e.g. <see cref="NarrowWindowSize"/>). Chromium's
    /// windows are at least 500 pixels wide, even headless, so a narrower viewport is emulated (DevTools' device metrics,
    /// kept across navigations).
    /// </summary>
    public void ResizeWindow(Size size)
    {
        _driver.ExecuteCdpCommand("Emulation.clearDeviceMetricsOverride", []);
        _driver.Manage().Window.Size = size;
        if (ViewportWidth() != size.Width)
        {
            _driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
            {
                ["width"] = size.Width,
                ["height"] = size.Height,
                ["deviceScaleFactor"] = 1,
                ["mobile"] = false,
            });
        }
    }

    /// <summary>The page's viewport width in CSS pixels (<c>window.innerWidth</c>).</summary>
    public int ViewportWidth() =>
        Convert.ToInt32(ExecuteScript("return window.innerWidth;"), CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="script"/> in the page (<c>return …</c> to get a value back).</summary>
    public object? ExecuteScript(string script, params object[] arguments) => _driver.ExecuteScript(script, arguments);

    /// <summary>
    /// Polls <paramref name="condition"/> until it returns true (for bool) or non-null, for at most <paramref name="timeout"/>
    /// (default <see cref="DefaultWaitTimeout"/>). A missing or stale element counts as "not yet".
    /// </summary>
    /// <exception cref="WebDriverTimeoutException">It did not happen in time; the message names <paramref name="description"/>.</exception>
    public T WaitUntil<T>(Func<IWebDriver, T> condition, string description, TimeSpan? timeout = null)
    {
        var wait = new WebDriverWait(_driver, timeout ?? DefaultWaitTimeout)
        {
            PollingInterval = TimeSpan.FromMilliseconds(100),
            Message = $"Waited in vain for: {description}",
        };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(condition);
    }

    /// <summary>Waits (bounded) until an element matching <paramref name="selector"/> is in the page, and returns it.</summary>
    public IWebElement WaitForElement(string cssSelector, TimeSpan? timeout = null) =>
        WaitUntil(d => d.FindElement(By.CssSelector(cssSelector)), $"an element '{cssSelector}'", timeout);

    /// <summary>A PNG of what the window shows now.</summary>
    public byte[] Screenshot() => _driver.GetScreenshot().AsByteArray;

    /// <summary>A PNG of the whole page, also what is scrolled out of view (at most <paramref name="maxHeight"/> pixels tall).</summary>
    public byte[] ScreenshotWholePage(int maxHeight = 4000)
    {
        var width = ViewportWidth();
        var height = Math.Min(maxHeight, Convert.ToInt32(
            ExecuteScript("return Math.ceil(document.documentElement.scrollHeight);"), CultureInfo.InvariantCulture));
        var result = _driver.ExecuteCdpCommand("Page.captureScreenshot", new Dictionary<string, object?>
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new Dictionary<string, object?> { ["x"] = 0, ["y"] = 0, ["width"] = width, ["height"] = height, ["scale"] = 1 },
        });
        return result is IReadOnlyDictionary<string, object?> { } answer && answer.TryGetValue("data", out var data) && data is string base64
            ? Convert.FromBase64String(base64)
            : throw new WebDriverException($"Page.captureScreenshot answered without an image: {result}");
    }

    /// <summary>Writes <paramref name="png"/> to <paramref name="path"/>, creating its directory.</summary>
    public static void SavePng(byte[] png, string path)
    {
        ArgumentNullException.ThrowIfNull(png);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            System.IO.Directory.CreateDirectory(directory);
        }

        File.WriteAllBytes(path, png);
    }

    /// <summary>
    /// Ends the WebDriver session (the browser closes), stops the driver, then kills whatever of either is left and
    /// deletes the profile. Idempotent.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await Task.Run(_driver.Quit).WaitAsync(s_commandTimeout);
        }
        catch (Exception e) when (e is WebDriverException or TimeoutException or InvalidOperationException)
        {
            // A browser that crashed or hangs: the marker finds and kills it below.
        }

        _driver.Dispose();
        _service.Dispose();
        if (!await _instance.FinishAsync())
        {
            throw new InvalidOperationException(
                $"Chromium processes or files marked with {_instance.Directory} were left after the browser was disposed.");
        }
    }
}
