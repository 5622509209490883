using Microsoft.AspNetCore.Http;
using Nop.Plugin.Payments.StripeSidecar.Contract;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests;

public class WebhookSignerTests
{
    private const string Secret = "whsec_dGVzdC12ZWN0b3Itc2VjcmV0LWZvci10aGUtYnJpZGdl";
    private const string Body = "{\"orderId\":42}";

    private static HeaderDictionary Headers(IReadOnlyDictionary<string, string> signed)
    {
        var headers = new HeaderDictionary();
        foreach (var (name, value) in signed)
            headers[name] = value;
        return headers;
    }

    /// <summary>The same vector the sidecar's Node side produces (standardwebhooks on npm), so both sides interoperate.</summary>
    [Test]
    public void Signs_like_the_sidecar()
    {
        var signed = WebhookSigner.Sign(Secret, "req_test_vector_1", DateTimeOffset.FromUnixTimeSeconds(1764237600), Body);
        Assert.That(signed[WebhookSigner.SignatureHeader], Is.EqualTo("v1,ol8xfNSbEO7X1yCJVMVA5/yI7fa8YR0uoJsseoY+aDs="));
        Assert.That(signed[WebhookSigner.TimestampHeader], Is.EqualTo("1764237600"));
    }

    [Test]
    public void Verifies_a_fresh_signature() =>
        Assert.That(WebhookSigner.Verify(Secret, Body, Headers(WebhookSigner.Sign(Secret, "r1", DateTimeOffset.UtcNow, Body))), Is.Null);

    [Test]
    public void Refuses_another_secret()
    {
        var other = "whsec_" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("another-secret-of-32-bytes-long!"));
        Assert.That(WebhookSigner.Verify(Secret, Body, Headers(WebhookSigner.Sign(other, "r2", DateTimeOffset.UtcNow, Body))), Is.Not.Null);
    }

    [Test]
    public void Refuses_a_changed_body() =>
        Assert.That(WebhookSigner.Verify(Secret, "{\"orderId\":43}", Headers(WebhookSigner.Sign(Secret, "r3", DateTimeOffset.UtcNow, Body))), Is.Not.Null);

    [TestCase(-400)]
    [TestCase(400)]
    public void Refuses_timestamps_outside_five_minutes(int offsetSeconds) =>
        Assert.That(WebhookSigner.Verify(Secret, Body, Headers(WebhookSigner.Sign(Secret, "r4", DateTimeOffset.UtcNow.AddSeconds(offsetSeconds), Body))), Is.Not.Null);

    [Test]
    public void Refuses_missing_headers_and_a_missing_secret()
    {
        Assert.That(WebhookSigner.Verify(Secret, Body, new HeaderDictionary()), Is.Not.Null);
        Assert.That(WebhookSigner.Verify(null, Body, Headers(WebhookSigner.Sign(Secret, "r5", DateTimeOffset.UtcNow, Body))), Is.Not.Null);
    }
}
