using Nop.Core;

namespace Nop.Plugin.Payments.StripeSidecar.Domain;

/// <summary>
/// The first final answer to a write-back, by request id (webhook-id), so a retried call is answered again
/// instead of being applied twice. StatusCode 0 marks a request still running.
/// </summary>
public class WriteBackRequest : BaseEntity
{
    public string RequestId { get; set; }

    public string Operation { get; set; }

    /// <summary>SHA-256 of operation and body: the same id with another body is refused.</summary>
    public string Fingerprint { get; set; }

    public int StatusCode { get; set; }

    public string ResponseJson { get; set; }

    public DateTime CreatedOnUtc { get; set; }
}
