using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Nop.Plugin.Payments.StripeSidecar.Contract;

namespace Nop.Plugin.Payments.StripeSidecar.Services;

/// <summary>The plugin's calls to the sidecar, each signed with the event secret (Standard Webhooks).</summary>
public class SidecarClient
{
    private readonly HttpClient _httpClient;
    private readonly StripeSidecarSettings _settings;

    public SidecarClient(HttpClient httpClient, StripeSidecarSettings settings)
    {
        _httpClient = httpClient;
        _settings = settings;
        _httpClient.Timeout = TimeSpan.FromSeconds(Math.Max(1, settings.RequestTimeoutSeconds));
    }

    /// <summary>Posts one signed body; returns the status code and body (never throws for HTTP errors).</summary>
    public async Task<(int Status, string Body)> PostSignedAsync(string path, string requestId, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _settings.SidecarUrl.TrimEnd('/') + path)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in WebhookSigner.Sign(_settings.EventSecret, requestId, DateTimeOffset.UtcNow, body))
            request.Headers.TryAddWithoutValidation(name, value);
        if (!string.IsNullOrEmpty(_settings.KeyId))
            request.Headers.TryAddWithoutValidation(StripeSidecarDefaults.KeyIdHeader, _settings.KeyId);
        using var response = await _httpClient.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>POST {sidecar}/bridge/events with one envelope.</summary>
    public Task<(int Status, string Body)> DeliverEventAsync(string eventId, string envelopeJson) =>
        PostSignedAsync("/bridge/events", eventId, envelopeJson);

    /// <summary>
    /// Payment calls (contract 1.1, CONTRACT.md "Payment calls"): create a PaymentIntent for a checkout, attach the
    /// placed order, refund, void or capture an order's payment. The request id makes each call idempotent on the sidecar.
    /// </summary>
    public async Task<JObject> PaymentCallAsync(string operation, string requestId, object request)
    {
        var body = JsonConvert.SerializeObject(request, BridgeEnvelope.JsonSettings);
        var (status, text) = await PostSignedAsync($"/bridge/payments/{operation}", requestId, body);
        if (status is < 200 or > 299)
            throw new InvalidOperationException($"The Stripe sidecar refused {operation} (HTTP {status}): {Truncate(text)}");
        return JObject.Parse(text);
    }

    private static string Truncate(string text) => text is { Length: > 300 } ? text[..300] : text;
}
