using Nop.Core;

namespace Nop.Plugin.Payments.StripeSidecar.Domain;

/// <summary>
/// One event waiting for (or done with) delivery. Written by the event consumers, in the request that raised the
/// nopCommerce event; read by <see cref="Services.OutboxDeliveryTask"/>. Id order is delivery order and the contract's
/// payload "version".
/// </summary>
public class OutboxEvent : BaseEntity
{
    /// <summary>Envelope id and webhook-id: a GUID, stable across redeliveries.</summary>
    public string EventId { get; set; }

    /// <summary>Dotted event type, e.g. order.placed.</summary>
    public string EventType { get; set; }

    public int StoreId { get; set; }

    /// <summary>The payload without "version" (added at delivery from Id).</summary>
    public string PayloadJson { get; set; }

    public DateTime OccurredOnUtc { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptOnUtc { get; set; }

    public DateTime? DeliveredOnUtc { get; set; }

    public DateTime? FailedOnUtc { get; set; }

    public string LastError { get; set; }
}
