namespace Nop.Plugin.Payments.StripeSidecar.Contract;

/// <summary>
/// Exponential backoff with "equal jitter" for outbox retries: half of base*2^(attempt-1) is fixed, half random, capped,
/// so a recovering sidecar is not hit by every store at the same second.
/// </summary>
public static class Backoff
{
    public static TimeSpan Delay(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay, double random01)
    {
        if (failedAttempts < 1)
            return TimeSpan.Zero;
        var exponent = Math.Min(failedAttempts - 1, 30);
        var ms = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ms / 2 + random01 * (ms / 2));
    }

    /// <summary>Whether an HTTP answer is worth retrying: 5xx, 408, 429; any other 4xx will not get better.</summary>
    public static bool IsRetryable(int statusCode) => statusCode >= 500 || statusCode == 408 || statusCode == 429;
}
