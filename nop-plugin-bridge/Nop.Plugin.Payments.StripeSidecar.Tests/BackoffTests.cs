using Nop.Plugin.Payments.StripeSidecar.Contract;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests;

public class BackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(30);

    [TestCase(1, 0.0, 2.5)]
    [TestCase(1, 1.0, 5)]
    [TestCase(3, 1.0, 20)]
    [TestCase(20, 1.0, 1800)]
    [TestCase(20, 0.0, 900)]
    public void Doubles_with_equal_jitter_up_to_the_cap(int attempts, double random, double expectedSeconds) =>
        Assert.That(Backoff.Delay(attempts, Base, Max, random).TotalSeconds, Is.EqualTo(expectedSeconds).Within(0.001));

    [TestCase(500, true)]
    [TestCase(503, true)]
    [TestCase(408, true)]
    [TestCase(429, true)]
    [TestCase(400, false)]
    [TestCase(401, false)]
    [TestCase(409, false)]
    public void Retries_only_what_can_get_better(int status, bool retryable) =>
        Assert.That(Backoff.IsRetryable(status), Is.EqualTo(retryable));
}
