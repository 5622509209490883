using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Interop;

/// <summary>
/// Runs one of the sidecar's interop scripts (test/interop/*.ts at the repository root) with tsx: one JSON document on
/// stdin, one on stdout. A missing node or node_modules fails the test (never skips it): CI runs npm ci first.
/// </summary>
public static class NodeScript
{
    private const string Setup = "run npm ci at the repository root first (the interop tests run the sidecar's TypeScript with node and tsx)";

    public static async Task<JToken> RunAsync(string script, JToken input, TimeSpan? timeout = null)
    {
        var root = RepositoryRoot();
        var tsx = Path.Combine(root, "node_modules", "tsx", "dist", "cli.mjs");
        if (!File.Exists(tsx))
            Assert.Fail($"{tsx} not found: {Setup}.");
        var path = Path.Combine(root, "test", "interop", script);
        if (!File.Exists(path))
            Assert.Fail($"interop script {path} not found");

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(tsx);
        start.ArgumentList.Add(path);

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"node could not be started ({ex.Message}): install Node 20+ and {Setup}.");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(input.ToString(Formatting.None));
            process.StandardInput.Close();

            using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{script} did not finish within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds} s; stderr:\n{await stderr}");
            }

            var output = await stdout;
            if (process.ExitCode != 0)
                Assert.Fail($"{script} exited with {process.ExitCode}; stderr:\n{await stderr}\nstdout:\n{output}");
            try
            {
                // Dates stay the strings the script wrote.
                using var reader = new JsonTextReader(new StringReader(output)) { DateParseHandling = DateParseHandling.None };
                return JToken.Load(reader);
            }
            catch (JsonReaderException ex)
            {
                Assert.Fail($"{script} did not answer JSON ({ex.Message}): {output}\nstderr:\n{await stderr}");
                throw;
            }
        }
    }

    /// <summary>The directory holding package.json and nop-plugin-bridge/, found upwards from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && Directory.Exists(Path.Combine(dir.FullName, "nop-plugin-bridge")))
                return dir.FullName;
        }
        Assert.Fail($"the repository root (package.json next to nop-plugin-bridge/) is not above {TestContext.CurrentContext.TestDirectory}");
        return null;
    }
}
