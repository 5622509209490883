using Nop.Core.Domain.Shipping;
using Nop.Services.Shipping;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>IShipmentService over lists of shipments and shipment items; inserts assign the next id.</summary>
public class FakeShipmentService : IShipmentService
{
    public List<Shipment> Shipments { get; } = new();
    public List<ShipmentItem> Items { get; } = new();

    public Shipment Add(Shipment shipment, params ShipmentItem[] items) =>
        Shipments.AddWith(shipment, Items, items, (item, shipmentId) => item.ShipmentId = shipmentId);

    public Task<Shipment> GetShipmentByIdAsync(int shipmentId) => Shipments.FindAsync(shipmentId);

    public Task<IList<Shipment>> GetShipmentsByOrderIdAsync(int orderId, bool? shipped = null, bool? readyForPickup = null, int vendorId = 0) =>
        Shipments.Where(s => s.OrderId == orderId && (!shipped.HasValue || s.ShippedDateUtc.HasValue == shipped.Value)).ListAsync();

    public Task InsertShipmentAsync(Shipment shipment) => Shipments.InsertAsync(shipment);

    public Task<IList<ShipmentItem>> GetShipmentItemsByShipmentIdAsync(int shipmentId) =>
        Items.Where(i => i.ShipmentId == shipmentId).ListAsync();

    public Task InsertShipmentItemAsync(ShipmentItem shipmentItem) => Items.InsertAsync(shipmentItem);
}
