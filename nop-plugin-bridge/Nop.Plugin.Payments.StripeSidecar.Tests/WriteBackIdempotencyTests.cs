using System.Security.Cryptography;
using System.Text;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.StripeSidecar.Domain;
using Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;
using Nop.Plugin.Payments.StripeSidecar.Tests.Support;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests;

/// <summary>
/// CONTRACT.md, Idempotency: webhook-id is the request id; a write answered once is answered the same way again
/// (24 h), 5xx answers are not kept, the same id with another body is 422 idempotency_key_reused; reads are never cached.
/// </summary>
public class WriteBackIdempotencyTests
{
    private FakeNopServices _nop;

    [SetUp]
    public void SetUp() => _nop = new FakeNopServices();

    private const string MarkPaid = "{\"orderId\":1,\"captureTransactionId\":\"pi_1\",\"captureTransactionResult\":null}";

    [Test]
    public async Task The_same_request_twice_changes_the_order_once_and_gets_the_first_answer_again()
    {
        var order = _nop.AnOrder(OrderStatus.Processing, PaymentStatus.Authorized);

        var first = await _nop.PostAsync("markOrderPaid", MarkPaid, requestId: "req_1");
        var paidOn = order.PaidDateUtc;
        var second = await _nop.PostAsync("markOrderPaid", MarkPaid, requestId: "req_1");

        Assert.That(first.Status, Is.EqualTo(200), first.ToString());
        Assert.That((second.Status, second.Text), Is.EqualTo((first.Status, first.Text)));
        Assert.That(_nop.OrderProcessing.Calls, Is.EqualTo(new[] { "MarkOrderAsPaidAsync" }));
        Assert.That(_nop.Orders.Notes, Has.Count.EqualTo(1));
        Assert.That(order.PaidDateUtc, Is.EqualTo(paidOn));
    }

    [Test]
    public async Task A_partial_refund_retried_under_its_request_id_is_refunded_once()
    {
        var order = _nop.AnOrder(OrderStatus.Processing, PaymentStatus.Paid);
        var body = new { orderId = 1, kind = "partial", amount = "25.00", refundId = "re_1" };

        var first = await _nop.PostAsync("recordRefund", body, requestId: "req_refund");
        var retry = await _nop.PostAsync("recordRefund", body, requestId: "req_refund");

        Assert.That(retry.Text, Is.EqualTo(first.Text), "the stored answer, not alreadyApplied");
        Assert.That(order.RefundedAmount, Is.EqualTo(25m));
        Assert.That(_nop.OrderProcessing.Calls, Is.EqualTo(new[] { "PartiallyRefundOfflineAsync" }));
    }

    [Test]
    public async Task A_refusal_is_a_final_answer_and_is_replayed_even_once_the_rule_would_allow_it()
    {
        var order = _nop.AnOrder(OrderStatus.Cancelled, PaymentStatus.Pending);
        var refused = await _nop.PostAsync("markOrderPaid", MarkPaid, requestId: "req_1");
        order.OrderStatus = OrderStatus.Processing;

        var again = await _nop.PostAsync("markOrderPaid", MarkPaid, requestId: "req_1");

        Assert.That(refused.Rule, Is.EqualTo("CanMarkOrderAsPaid"));
        Assert.That((again.Status, again.Text), Is.EqualTo((409, refused.Text)));
        Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
    }

    [Test]
    public async Task The_same_request_id_with_another_body_is_refused_and_changes_nothing()
    {
        var order = _nop.AnOrder(OrderStatus.Processing, PaymentStatus.Paid);
        var first = await _nop.PostAsync("recordRefund", new { orderId = 1, kind = "partial", amount = "10.00", refundId = "re_1" }, requestId: "req_1");

        var reused = await _nop.PostAsync("recordRefund", new { orderId = 1, kind = "partial", amount = "20.00", refundId = "re_2" }, requestId: "req_1");
        var original = await _nop.PostAsync("recordRefund", new { orderId = 1, kind = "partial", amount = "10.00", refundId = "re_1" }, requestId: "req_1");

        Assert.That((reused.Status, reused.ErrorCode), Is.EqualTo((422, "idempotency_key_reused")), reused.ToString());
        Assert.That(reused.Message, Does.Contain("req_1"));
        ContractJson.AssertValid("write-back/error.schema.json", reused.Body);
        Assert.That(order.RefundedAmount, Is.EqualTo(10m));
        Assert.That(original.Text, Is.EqualTo(first.Text), "the original request still gets its answer");
    }

    [Test]
    public async Task The_same_request_id_for_another_operation_is_refused()
    {
        var order = _nop.AnOrder(OrderStatus.Processing, PaymentStatus.Authorized);
        await _nop.PostAsync("addOrderNote", "{\"orderId\":1}", requestId: "req_1"); // 422: note missing, a final answer

        var voided = await _nop.PostAsync("voidOrder", "{\"orderId\":1}", requestId: "req_1");

        Assert.That((voided.Status, voided.ErrorCode), Is.EqualTo((422, "idempotency_key_reused")), voided.ToString());
        Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Authorized));
    }

    [Test]
    public async Task A_5xx_is_not_kept_so_the_retry_runs_again()
    {
        var order = _nop.AnOrder(OrderStatus.Processing, PaymentStatus.Authorized);
        _nop.OrderProcessing.FailNextCall = new TimeoutException("database timeout");

        var failed = await _nop.PostAsync("markOrderPaid", MarkPaid, requestId: "req_1");
        var retried = await _nop.PostAsync("markOrderPaid", MarkPaid, requestId: "req_1");

        Assert.That((failed.Status, failed.ErrorCode), Is.EqualTo((500, "internal_error")), failed.ToString());
        ContractJson.AssertValid("write-back/error.schema.json", failed.Body);
        Assert.That(_nop.Logger.Errors, Has.Some.Contains("markOrderPaid"));
        Assert.That(retried.Status, Is.EqualTo(200), retried.ToString());
        Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
        Assert.That(_nop.OrderProcessing.Calls, Is.EqualTo(new[] { "MarkOrderAsPaidAsync" }));
    }

    [Test]
    public async Task A_request_still_running_under_the_same_id_answers_503()
    {
        var order = _nop.AnOrder(OrderStatus.Processing, PaymentStatus.Authorized);
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("markOrderPaid\n" + MarkPaid)));
        await _nop.WriteBackRequests.InsertAsync(new WriteBackRequest
        {
            RequestId = "req_1", Operation = "markOrderPaid", Fingerprint = fingerprint, StatusCode = 0, CreatedOnUtc = DateTime.UtcNow,
        });

        var answer = await _nop.PostAsync("markOrderPaid", MarkPaid, requestId: "req_1");

        Assert.That((answer.Status, answer.ErrorCode), Is.EqualTo((503, "unavailable")), answer.ToString());
        Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Authorized));
    }

    [Test]
    public async Task Reads_are_never_cached()
    {
        var order = _nop.AnOrder(OrderStatus.Processing, PaymentStatus.Authorized);

        var before = await _nop.PostAsync("getOrder", "{\"orderId\":1}", requestId: "req_read");
        order.PaymentStatus = PaymentStatus.Paid;
        var after = await _nop.PostAsync("getOrder", "{\"orderId\":1}", requestId: "req_read");

        Assert.That(((int)before.Order["paymentStatusId"]!, (int)after.Order["paymentStatusId"]!), Is.EqualTo((20, 30)));
        Assert.That(_nop.WriteBackRequests.Rows, Is.Empty);
        ContractJson.AssertValid("write-back/get-order.response.schema.json", after.Body);
    }

    [Test]
    public async Task Answers_older_than_a_day_are_forgotten()
    {
        _nop.AnOrder(OrderStatus.Processing, PaymentStatus.Authorized);
        await _nop.WriteBackRequests.InsertAsync(new WriteBackRequest
        {
            RequestId = "req_old", Operation = "voidOrder", Fingerprint = "x", StatusCode = 200, ResponseJson = "{}", CreatedOnUtc = DateTime.UtcNow.AddHours(-25),
        });

        await _nop.PostAsync("markOrderPaid", MarkPaid, requestId: "req_new");

        Assert.That(_nop.WriteBackRequests.Rows.Select(r => (r.RequestId, r.StatusCode)), Is.EqualTo(new[] { ("req_new", 200) }));
    }
}
