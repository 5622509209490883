using Nop.Core.Configuration;

namespace Nop.Plugin.Payments.StripeSidecar;

/// <summary>Plugin settings (table Setting, keys "stripesidecarsettings.*").</summary>
public class StripeSidecarSettings : ISettings
{
    /// <summary>Base URL of the sidecar, e.g. https://sidecar.example.com (events go to {url}/bridge/events).</summary>
    public string SidecarUrl { get; set; }

    /// <summary>Identifies this store's key pair to the sidecar (sent as x-bridge-key-id).</summary>
    public string KeyId { get; set; }

    /// <summary>Standard Webhooks secret (whsec_...) the plugin signs events and payment calls with.</summary>
    public string EventSecret { get; set; }

    /// <summary>Standard Webhooks secret (whsec_...) the sidecar signs write-back calls with.</summary>
    public string WriteBackSecret { get; set; }

    /// <summary>Stripe publishable key (pk_...), for Stripe.js on the payment page; the secret key stays in the sidecar.</summary>
    public string PublishableKey { get; set; }

    public int DeliveryBatchSize { get; set; } = 100;

    /// <summary>Attempts before a row is marked failed (it stays in the table for an operator).</summary>
    public int MaxDeliveryAttempts { get; set; } = 20;

    public int RequestTimeoutSeconds { get; set; } = 10;
}
