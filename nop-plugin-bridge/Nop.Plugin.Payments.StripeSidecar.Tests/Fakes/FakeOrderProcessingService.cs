using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Core.Domain.Shipping;
using Nop.Services.Orders;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>
/// IOrderProcessingService with nopCommerce 4.90's Can* rules and the state changes of the offline operations
/// (shared/reference/nopcommerce.md §7.1, OrderProcessingService.cs). Like nopCommerce, an operation whose rule says
/// no throws. Each applied operation is recorded in <see cref="Calls"/>; <see cref="FailNextCall"/> makes the next
/// operation throw before it changes anything (a database outage, say).
/// </summary>
public partial class FakeOrderProcessingService(FakeOrderService orders, FakeShipmentService shipments) : IOrderProcessingService
{
    // ShippingStatus (not declared by the stand-in): nopCommerce's values.
    public const int ShippingNotRequired = 10, NotYetShipped = 20, PartiallyShipped = 25, Shipped = 30, Delivered = 40;

    public List<string> Calls { get; } = new();

    /// <summary>The nopCommerce events the operations raised, e.g. "OrderPaidEvent 1", "OrderRefundedEvent 1 12.50".</summary>
    public List<string> RaisedEvents { get; } = new();

    public Exception FailNextCall { get; set; }

    private void Begin(string call)
    {
        if (FailNextCall is { } failure)
        {
            FailNextCall = null;
            throw failure;
        }
        Calls.Add(call);
    }

    private static void Require(bool rule, string message)
    {
        if (!rule)
            throw new InvalidOperationException(message);
    }

    private Task NoteAsync(Order order, string note) =>
        orders.InsertOrderNoteAsync(new OrderNote { OrderId = order.Id, Note = note, CreatedOnUtc = DateTime.UtcNow });

    private void SetStatus(Order order, OrderStatus status)
    {
        if (order.OrderStatus == status)
            return;
        var previous = order.OrderStatus;
        order.OrderStatus = status;
        RaisedEvents.Add($"OrderStatusChangedEvent {order.Id} {previous}->{status}");
    }

    /// <summary>CheckOrderStatusAsync: Pending -> Processing once paid/authorized or shipping started; Complete when paid and delivered (or nothing to ship).</summary>
    private async Task CheckOrderStatusAsync(Order order)
    {
        if (order.OrderStatus == OrderStatus.Pending &&
            (order.PaymentStatus is PaymentStatus.Authorized or PaymentStatus.Paid ||
             order.ShippingStatusId is PartiallyShipped or Shipped or Delivered))
            SetStatus(order, OrderStatus.Processing);
        if (order.OrderStatus is not (OrderStatus.Cancelled or OrderStatus.Complete) && order.PaymentStatus == PaymentStatus.Paid &&
            order.ShippingStatusId is ShippingNotRequired or Delivered)
            SetStatus(order, OrderStatus.Complete);
        await orders.UpdateOrderAsync(order);
    }

    public bool CanCancelOrder(Order order) => order.OrderStatus != OrderStatus.Cancelled;

    public async Task CancelOrderAsync(Order order, bool notifyCustomer)
    {
        Begin(nameof(CancelOrderAsync));
        Require(CanCancelOrder(order), "Cannot do cancel for order.");
        SetStatus(order, OrderStatus.Cancelled);
        await NoteAsync(order, "Order has been cancelled");
        await orders.UpdateOrderAsync(order);
    }

    public bool CanMarkOrderAsAuthorized(Order order) =>
        order.OrderStatus != OrderStatus.Cancelled && order.PaymentStatus == PaymentStatus.Pending;

    public async Task MarkAsAuthorizedAsync(Order order)
    {
        Begin(nameof(MarkAsAuthorizedAsync));
        order.PaymentStatus = PaymentStatus.Authorized;
        await NoteAsync(order, "Order has been marked as authorized");
        await CheckOrderStatusAsync(order);
    }

    public bool CanMarkOrderAsPaid(Order order) =>
        order.OrderStatus != OrderStatus.Cancelled &&
        order.PaymentStatus is not (PaymentStatus.Paid or PaymentStatus.Refunded or PaymentStatus.Voided);

    public async Task MarkOrderAsPaidAsync(Order order)
    {
        Begin(nameof(MarkOrderAsPaidAsync));
        Require(CanMarkOrderAsPaid(order), "You can't mark this order as paid");
        order.PaymentStatus = PaymentStatus.Paid;
        order.PaidDateUtc = DateTime.UtcNow;
        await NoteAsync(order, "Order has been marked as paid");
        await CheckOrderStatusAsync(order);
        RaisedEvents.Add($"OrderPaidEvent {order.Id}");
    }

    public bool CanRefundOffline(Order order) =>
        order.OrderTotal != 0 && order.RefundedAmount == 0 && order.PaymentStatus == PaymentStatus.Paid;

    public async Task RefundOfflineAsync(Order order)
    {
        Begin(nameof(RefundOfflineAsync));
        Require(CanRefundOffline(order), "You can't refund this order");
        var amount = order.OrderTotal;
        order.RefundedAmount += amount;
        order.PaymentStatus = PaymentStatus.Refunded;
        await NoteAsync(order, $"Order has been marked as refunded. Amount = {amount}");
        await CheckOrderStatusAsync(order);
        RaisedEvents.Add($"OrderRefundedEvent {order.Id} {amount}");
    }

    public bool CanPartiallyRefundOffline(Order order, decimal amountToRefund)
    {
        if (order.OrderTotal == 0)
            return false;
        var canBeRefunded = order.OrderTotal - order.RefundedAmount;
        if (canBeRefunded <= 0 || amountToRefund > canBeRefunded)
            return false;
        return order.PaymentStatus is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded;
    }

    public async Task PartiallyRefundOfflineAsync(Order order, decimal amountToRefund)
    {
        Begin(nameof(PartiallyRefundOfflineAsync));
        Require(CanPartiallyRefundOffline(order, amountToRefund), "You can't partially refund (offline) this order");
        order.RefundedAmount += amountToRefund;
        order.PaymentStatus = order.RefundedAmount == order.OrderTotal ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
        await NoteAsync(order, $"Order has been marked as partially refunded. Amount = {amountToRefund}");
        await CheckOrderStatusAsync(order);
        RaisedEvents.Add($"OrderRefundedEvent {order.Id} {amountToRefund}");
    }

    public bool CanVoidOffline(Order order) => order.OrderTotal != 0 && order.PaymentStatus == PaymentStatus.Authorized;

    public async Task VoidOfflineAsync(Order order)
    {
        Begin(nameof(VoidOfflineAsync));
        Require(CanVoidOffline(order), "You can't void this order");
        order.PaymentStatus = PaymentStatus.Voided;
        await NoteAsync(order, "Order has been marked as voided");
        await CheckOrderStatusAsync(order);
        RaisedEvents.Add($"OrderVoidedEvent {order.Id}");
    }

    public async Task ShipAsync(Shipment shipment, bool notifyCustomer)
    {
        Begin(nameof(ShipAsync));
        var order = await orders.GetOrderByIdAsync(shipment.OrderId) ?? throw new ArgumentException("Order cannot be loaded");
        Require(!shipment.ShippedDateUtc.HasValue, "This shipment is already shipped");
        shipment.ShippedDateUtc = DateTime.UtcNow;
        var anyLeft = false;
        foreach (var item in await orders.GetOrderItemsAsync(order.Id, isShipEnabled: true))
            anyLeft |= await orders.GetTotalNumberOfItemsCanBeAddedToShipmentAsync(item) > 0 ||
                       shipments.Items.Any(si => si.OrderItemId == item.Id && shipments.Shipments.Any(s => s.Id == si.ShipmentId && !s.ShippedDateUtc.HasValue));
        order.ShippingStatusId = anyLeft ? PartiallyShipped : Shipped;
        await CheckOrderStatusAsync(order);
        RaisedEvents.Add($"ShipmentSentEvent {shipment.Id}");
    }

    public async Task DeliverAsync(Shipment shipment, bool notifyCustomer)
    {
        Begin(nameof(DeliverAsync));
        var order = await orders.GetOrderByIdAsync(shipment.OrderId) ?? throw new ArgumentException("Order cannot be loaded");
        Require(shipment.ShippedDateUtc.HasValue, "This shipment is not shipped yet");
        Require(!shipment.DeliveryDateUtc.HasValue, "This shipment is already delivered");
        shipment.DeliveryDateUtc = DateTime.UtcNow;
        var allDelivered = order.ShippingStatusId == Shipped &&
                           (await shipments.GetShipmentsByOrderIdAsync(order.Id)).All(s => s.DeliveryDateUtc.HasValue);
        if (allDelivered)
            order.ShippingStatusId = Delivered;
        await CheckOrderStatusAsync(order);
        RaisedEvents.Add($"ShipmentDeliveredEvent {shipment.Id}");
    }
}
