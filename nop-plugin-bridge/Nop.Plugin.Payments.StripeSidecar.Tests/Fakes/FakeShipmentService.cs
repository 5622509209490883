using Nop.Core.Domain.Shipping;
using Nop.Services.Shipping;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>IShipmentService over lists of shipments and shipment items; inserts assign the next id.</summary>
public class FakeShipmentService : IShipmentService
{
    public List<Shipment> Shipments { get; } = new();
    public List<ShipmentItem> Items { get; } = new();

    public Shipment Add(Shipment shipment, params ShipmentItem[] items)
    {
        Shipments.Add(shipment);
        foreach (var item in items)
        {
            item.ShipmentId = shipment.Id;
            Items.Add(item);
        }
        return shipment;
    }

    public Task<Shipment> GetShipmentByIdAsync(int shipmentId) => Task.FromResult(Shipments.FirstOrDefault(s => s.Id == shipmentId));

    public Task<IList<Shipment>> GetShipmentsByOrderIdAsync(int orderId, bool? shipped = null, bool? readyForPickup = null, int vendorId = 0) =>
        Task.FromResult<IList<Shipment>>(Shipments
            .Where(s => s.OrderId == orderId && (!shipped.HasValue || s.ShippedDateUtc.HasValue == shipped.Value))
            .OrderBy(s => s.Id).ToList());

    public Task InsertShipmentAsync(Shipment shipment)
    {
        shipment.Id = Shipments.Count == 0 ? 1 : Shipments.Max(s => s.Id) + 1;
        Shipments.Add(shipment);
        return Task.CompletedTask;
    }

    public Task<IList<ShipmentItem>> GetShipmentItemsByShipmentIdAsync(int shipmentId) =>
        Task.FromResult<IList<ShipmentItem>>(Items.Where(i => i.ShipmentId == shipmentId).OrderBy(i => i.Id).ToList());

    public Task InsertShipmentItemAsync(ShipmentItem shipmentItem)
    {
        shipmentItem.Id = Items.Count == 0 ? 1 : Items.Max(i => i.Id) + 1;
        Items.Add(shipmentItem);
        return Task.CompletedTask;
    }
}
