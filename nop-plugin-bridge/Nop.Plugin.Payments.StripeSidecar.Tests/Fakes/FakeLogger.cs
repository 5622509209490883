using Nop.Core.Domain.Customers;
using Nop.Services.Logging;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>ILogger that keeps what was logged, by level.</summary>
public class FakeLogger : ILogger
{
    public List<(string Level, string Message, Exception Exception)> Entries { get; } = new();

    public IEnumerable<string> Warnings => Entries.Where(e => e.Level == "Warning").Select(e => e.Message);
    public IEnumerable<string> Errors => Entries.Where(e => e.Level == "Error").Select(e => e.Message);

    public Task WarningAsync(string message, Exception exception = null, Customer customer = null)
    {
        Entries.Add(("Warning", message, exception));
        return Task.CompletedTask;
    }

    public Task ErrorAsync(string message, Exception exception = null, Customer customer = null)
    {
        Entries.Add(("Error", message, exception));
        return Task.CompletedTask;
    }
}
