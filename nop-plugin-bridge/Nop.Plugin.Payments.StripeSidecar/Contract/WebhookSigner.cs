using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Nop.Plugin.Payments.StripeSidecar.Contract;

/// <summary>Standard Webhooks signing for events and payment calls, and verification of write-back calls.</summary>
public static class WebhookSigner
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>The three headers for one delivery attempt (a fresh timestamp, the same id).</summary>
    public static IReadOnlyDictionary<string, string> Sign(string secret, string id, DateTimeOffset timestamp, string body)
    {
        var webhook = new StandardWebhook(secret);
        return new Dictionary<string, string>
        {
            [IdHeader] = id,
            [TimestampHeader] = timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            [SignatureHeader] = webhook.Sign(id, timestamp, body),
        };
    }

    /// <summary>
    /// Verifies a signed request (signature over id.timestamp.body, 300 s window both ways); returns the reason on
    /// failure, null when it is genuine.
    /// </summary>
    public static string Verify(string secret, string body, Microsoft.AspNetCore.Http.IHeaderDictionary headers)
    {
        if (string.IsNullOrEmpty(secret))
            return "the write-back secret is not configured";
        try
        {
            new StandardWebhook(secret).Verify(body, headers);
            return null;
        }
        catch (WebhookVerificationException ex)
        {
            return ex.Message;
        }
        catch (FormatException)
        {
            return "the write-back secret is not valid base64 (whsec_...)";
        }
    }
}
