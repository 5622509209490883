namespace Nop.Plugin.Payments.StripeSidecar.Services;

/// <summary>
/// The Stripe event a write-back is applying, for the length of the call (contract 1.2 "origin"). nopCommerce raises
/// its entity events synchronously inside the call, so the consumers read it here and mark the bridge events they
/// write: the sidecar then knows the change came from Stripe and does not send it back (no loop).
/// </summary>
public static class WriteBackOrigin
{
    private static readonly AsyncLocal<string> StripeEventId = new();

    /// <summary>The contract's origin object while a Stripe change is being applied; null otherwise.</summary>
    public static object Current => StripeEventId.Value is { } reference ? new { system = "stripe", reference } : null;

    public static IDisposable FromStripe(string stripeEventId)
    {
        var previous = StripeEventId.Value;
        StripeEventId.Value = stripeEventId;
        return new Restore(previous);
    }

    private sealed class Restore(string previous) : IDisposable
    {
        public void Dispose() => StripeEventId.Value = previous;
    }
}
