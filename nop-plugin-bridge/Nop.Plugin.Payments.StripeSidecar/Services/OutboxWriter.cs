using Nop.Core;
using Nop.Data;
using Nop.Plugin.Payments.StripeSidecar.Contract;
using Nop.Plugin.Payments.StripeSidecar.Domain;

namespace Nop.Plugin.Payments.StripeSidecar.Services;

/// <summary>Appends one event to the outbox; nothing is sent here (the delivery task does that).</summary>
public class OutboxWriter
{
    private readonly IRepository<OutboxEvent> _outbox;
    private readonly IStoreContext _storeContext;

    public OutboxWriter(IRepository<OutboxEvent> outbox, IStoreContext storeContext)
    {
        _outbox = outbox;
        _storeContext = storeContext;
    }

    /// <returns>the row; its id is the event's version</returns>
    public async Task<OutboxEvent> AppendAsync(string eventType, object payload, int? storeId = null)
    {
        var now = DateTime.UtcNow;
        var row = new OutboxEvent
        {
            EventId = Guid.NewGuid().ToString(),
            EventType = eventType,
            StoreId = storeId ?? (await _storeContext.GetCurrentStoreAsync()).Id,
            PayloadJson = BridgeEnvelope.SerializePayload(payload),
            OccurredOnUtc = now,
            NextAttemptOnUtc = now,
        };
        await _outbox.InsertAsync(row, publishEvent: false);
        return row;
    }
}
