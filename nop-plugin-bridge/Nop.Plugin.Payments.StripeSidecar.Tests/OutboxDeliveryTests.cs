using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;
using Nop.Plugin.Payments.StripeSidecar.Contract;
using Nop.Plugin.Payments.StripeSidecar.Domain;
using Nop.Plugin.Payments.StripeSidecar.Services;
using Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;
using Nop.Plugin.Payments.StripeSidecar.Tests.Support;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests;

/// <summary>
/// OutboxWriter + OutboxDeliveryTask + SidecarClient against a fake sidecar. The task's claim: rows go out in id
/// order; a 5xx/408/429 or network failure waits with exponential backoff (base 5 s, equal jitter) and holds back
/// every later row; any other 4xx fails the row for good and the pump moves on; only a 2xx marks a row delivered.
/// </summary>
public class OutboxDeliveryTests
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(5);

    private FakeNopServices _nop;
    private FakeHttpMessageHandler _sidecar;
    private OutboxDeliveryTask _task;

    [SetUp]
    public void SetUp()
    {
        _nop = new FakeNopServices();
        _sidecar = new FakeHttpMessageHandler();
        _task = new OutboxDeliveryTask(_nop.Logger, _nop.Outbox, new SidecarClient(new HttpClient(_sidecar), _nop.Settings), _nop.Settings);
    }

    private async Task<OutboxEvent> AppendAsync(string type = "order.placed", int orderId = 1)
    {
        await _nop.OutboxWriter.AppendAsync(type, new { order = new { id = orderId } }, storeId: 1);
        return _nop.Outbox.Rows[^1];
    }

    /// <summary>Lets the backoff of a waiting row run out, as if the time had passed.</summary>
    private static void MakeDue(OutboxEvent row) => row.NextAttemptOnUtc = DateTime.UtcNow.AddSeconds(-1);

    private IEnumerable<string> SentIds => _sidecar.Requests.Select(r => r.Headers[WebhookSigner.IdHeader]);

    private static void AssertWaiting(OutboxEvent row, int attempts, DateTime before, DateTime after)
    {
        // Delay(n) is between half and all of base * 2^(n-1).
        var full = BaseDelay * Math.Pow(2, attempts - 1);
        Assert.Multiple(() =>
        {
            Assert.That(row.Attempts, Is.EqualTo(attempts));
            Assert.That(row.DeliveredOnUtc, Is.Null);
            Assert.That(row.FailedOnUtc, Is.Null);
            Assert.That(row.NextAttemptOnUtc, Is.InRange(before + full / 2, after + full), $"backoff after attempt {attempts}");
        });
    }

    [Test]
    public async Task Delivers_rows_in_id_order_once_each()
    {
        var rows = new[] { await AppendAsync(orderId: 1), await AppendAsync("order.paid", 1), await AppendAsync(orderId: 2) };

        await _task.ExecuteAsync();
        await _task.ExecuteAsync();

        Assert.That(SentIds, Is.EqualTo(rows.Select(r => r.EventId)));
        Assert.That(_sidecar.Requests.Select(r => (long)ContractJson.Parse(r.Body)["payload"]!["version"]!), Is.EqualTo(rows.Select(r => (long)r.Id)));
        Assert.That(rows, Has.All.Matches<OutboxEvent>(r => r.DeliveredOnUtc != null && r.FailedOnUtc == null && r.Attempts == 1 && r.LastError == null));
    }

    [Test]
    public async Task Posts_the_envelope_signed_with_the_event_secret()
    {
        var row = await AppendAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        await _task.ExecuteAsync();

        var sent = _sidecar.Requests.Single();
        var headers = new HeaderDictionary();
        foreach (var (name, value) in sent.Headers)
            headers[name] = value;
        var envelope = ContractJson.Parse(sent.Body);
        Assert.Multiple(() =>
        {
            Assert.That(sent.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(sent.Uri.ToString(), Is.EqualTo("http://sidecar.test/bridge/events"));
            Assert.That(sent.ContentType, Does.StartWith("application/json"));
            Assert.That(sent.Headers[WebhookSigner.IdHeader], Is.EqualTo(row.EventId));
            Assert.That(long.Parse(sent.Headers[WebhookSigner.TimestampHeader]), Is.InRange(before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1));
            Assert.That(sent.Headers[StripeSidecarDefaults.KeyIdHeader], Is.EqualTo("store-key-1"));
            Assert.That(WebhookSigner.Verify(_nop.Settings.EventSecret, sent.Body, headers), Is.Null, "verifies with the event secret");
            Assert.That(WebhookSigner.Verify(_nop.Settings.WriteBackSecret, sent.Body, headers), Is.Not.Null, "and with no other");
            Assert.That((string)envelope["id"], Is.EqualTo(row.EventId));
            Assert.That((string)envelope["type"], Is.EqualTo("order.placed"));
            Assert.That((string)envelope["contractVersion"], Is.EqualTo("1.3"));
            Assert.That((int)envelope["storeId"]!, Is.EqualTo(1));
            Assert.That((int)envelope["payload"]!["order"]!["id"]!, Is.EqualTo(1));
        });
        ContractJson.AssertValid("envelope.schema.json", envelope);
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    [TestCase(408)]
    [TestCase(429)]
    public async Task A_retryable_answer_backs_off_and_holds_back_the_rows_after_it(int status)
    {
        var first = await AppendAsync(orderId: 1);
        var second = await AppendAsync(orderId: 2);
        _sidecar.Answer(status, "{\"error\":\"sidecar busy\"}");

        var before = DateTime.UtcNow;
        await _task.ExecuteAsync();
        var after = DateTime.UtcNow;
        await _task.ExecuteAsync(); // still waiting: nothing is sent, not even the next row

        Assert.That(SentIds, Is.EqualTo(new[] { first.EventId }));
        AssertWaiting(first, 1, before, after);
        Assert.That(first.LastError, Does.Contain($"HTTP {status}").And.Contain("sidecar busy"));
        Assert.That(second.Attempts, Is.EqualTo(0));
        Assert.That(_nop.Logger.Warnings, Has.Some.Contains(first.EventId));
    }

    [Test]
    public async Task The_sidecar_down_is_retried_and_the_same_event_goes_out_again_before_the_next()
    {
        var first = await AppendAsync(orderId: 1);
        var second = await AppendAsync(orderId: 2);
        _sidecar.RefuseConnection().Throw(new TaskCanceledException("timed out"));

        var before = DateTime.UtcNow;
        await _task.ExecuteAsync();
        AssertWaiting(first, 1, before, DateTime.UtcNow);
        Assert.That(first.LastError, Does.Contain("Connection refused"));

        MakeDue(first);
        before = DateTime.UtcNow;
        await _task.ExecuteAsync();
        AssertWaiting(first, 2, before, DateTime.UtcNow);
        Assert.That(first.LastError, Does.Contain("timed out"));

        MakeDue(first);
        await _task.ExecuteAsync(); // the sidecar is back

        Assert.That(SentIds, Is.EqualTo(new[] { first.EventId, first.EventId, first.EventId, second.EventId }));
        Assert.That(_sidecar.Requests.Take(3).Select(r => r.Body).Distinct().Count(), Is.EqualTo(1), "a redelivery is the same body");
        Assert.That(first.DeliveredOnUtc, Is.Not.Null);
        Assert.That(first.Attempts, Is.EqualTo(3));
        Assert.That(first.LastError, Is.Null);
        Assert.That(second.DeliveredOnUtc, Is.Not.Null);
    }

    [Test]
    public async Task The_backoff_doubles_with_each_failed_attempt()
    {
        var row = await AppendAsync();
        _sidecar.Otherwise = () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("") };

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            MakeDue(row);
            var before = DateTime.UtcNow;
            await _task.ExecuteAsync();
            AssertWaiting(row, attempt, before, DateTime.UtcNow);
        }
        Assert.That(_sidecar.Requests, Has.Count.EqualTo(5));
    }

    /// <summary>A real refused connection: a loopback port nobody listens on.</summary>
    [Test]
    public async Task A_refused_loopback_connection_is_a_retryable_failure()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _nop.Settings.SidecarUrl = $"http://127.0.0.1:{port}";
        _nop.Settings.RequestTimeoutSeconds = 2;
        var task = new OutboxDeliveryTask(_nop.Logger, _nop.Outbox, new SidecarClient(new HttpClient(), _nop.Settings), _nop.Settings);
        var row = await AppendAsync();

        var before = DateTime.UtcNow;
        await task.ExecuteAsync();

        AssertWaiting(row, 1, before, DateTime.UtcNow);
        Assert.That(row.LastError, Is.Not.Empty);
    }

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(404)]
    [TestCase(409)]
    [TestCase(422)]
    public async Task A_4xx_that_cannot_get_better_fails_the_row_with_the_reason_and_the_pump_moves_on(int status)
    {
        var first = await AppendAsync(orderId: 1);
        var second = await AppendAsync(orderId: 2);
        _sidecar.Answer(status, "{\"error\":\"payload.order.orderGuid: required\"}");

        await _task.ExecuteAsync();
        MakeDue(first);
        await _task.ExecuteAsync(); // a failed row is never tried again

        Assert.That(SentIds, Is.EqualTo(new[] { first.EventId, second.EventId }));
        Assert.Multiple(() =>
        {
            Assert.That(first.FailedOnUtc, Is.Not.Null);
            Assert.That(first.DeliveredOnUtc, Is.Null);
            Assert.That(first.Attempts, Is.EqualTo(1));
            Assert.That(first.LastError, Does.Contain($"HTTP {status}").And.Contain("payload.order.orderGuid: required"));
            Assert.That(second.DeliveredOnUtc, Is.Not.Null);
            Assert.That(_nop.Logger.Errors, Has.Some.Contains(first.EventId).And.Some.Contains("failed for good"));
        });
    }

    [Test]
    public async Task A_row_that_keeps_failing_is_given_up_after_the_configured_attempts()
    {
        _nop.Settings.MaxDeliveryAttempts = 3;
        var first = await AppendAsync(orderId: 1);
        var second = await AppendAsync(orderId: 2);
        _sidecar.Answer(500).Answer(500).Answer(500);

        for (var i = 0; i < 3; i++)
        {
            MakeDue(first);
            await _task.ExecuteAsync();
        }

        Assert.That(first.Attempts, Is.EqualTo(3));
        Assert.That(first.FailedOnUtc, Is.Not.Null);
        Assert.That(SentIds, Is.EqualTo(new[] { first.EventId, first.EventId, first.EventId, second.EventId }));
        Assert.That(second.DeliveredOnUtc, Is.Not.Null);
    }

    [Test]
    public async Task A_long_error_body_is_cut_to_500_characters()
    {
        var row = await AppendAsync();
        _sidecar.Answer(400, new string('x', 2000));

        await _task.ExecuteAsync();

        Assert.That(row.LastError, Is.EqualTo("HTTP 400: " + new string('x', 500)));
    }

    [Test]
    public async Task Each_run_sends_at_most_one_batch()
    {
        _nop.Settings.DeliveryBatchSize = 2;
        var rows = new[] { await AppendAsync(orderId: 1), await AppendAsync(orderId: 2), await AppendAsync(orderId: 3) };

        await _task.ExecuteAsync();
        Assert.That(SentIds, Is.EqualTo(rows.Take(2).Select(r => r.EventId)));

        await _task.ExecuteAsync();
        Assert.That(SentIds, Is.EqualTo(rows.Select(r => r.EventId)));
    }

    [TestCase("", "secret")]
    [TestCase("url", "")]
    public async Task Nothing_is_sent_before_the_plugin_is_configured(string url, string secret)
    {
        var row = await AppendAsync();
        _nop.Settings.SidecarUrl = url == "" ? null : _nop.Settings.SidecarUrl;
        _nop.Settings.EventSecret = secret == "" ? null : _nop.Settings.EventSecret;

        await _task.ExecuteAsync();

        Assert.That(_sidecar.Requests, Is.Empty);
        Assert.That(row.Attempts, Is.EqualTo(0));
    }

    [Test]
    public async Task The_writer_stores_the_payload_in_contract_form_without_its_ordering_fields()
    {
        var when = new DateTime(2026, 1, 2, 3, 4, 5, 6, DateTimeKind.Unspecified); // as read from a datetime2 column
        await _nop.OutboxWriter.AppendAsync("product.updated",
            new { Product = new { Id = 5, OldPrice = DecimalFormat.ToWire(49.9m), Gtin = (string)null, UpdatedOnUtc = when } });

        var row = _nop.Outbox.Rows.Single();
        Assert.That(row.PayloadJson,
            Is.EqualTo("{\"product\":{\"id\":5,\"oldPrice\":\"49.90\",\"gtin\":null,\"updatedOnUtc\":\"2026-01-02T03:04:05.006Z\"}}"));
        Assert.That(row.StoreId, Is.EqualTo(1), "the current store when none is given");
    }
}
