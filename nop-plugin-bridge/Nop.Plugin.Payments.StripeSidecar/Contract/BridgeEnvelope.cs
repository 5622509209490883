using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace Nop.Plugin.Payments.StripeSidecar.Contract;

/// <summary>
/// The event envelope of contract 1.x: { id, type, occurredAt, storeId, contractVersion, payload }. The payload gets
/// its ordering fields here: updatedAt (the event time) and version (the outbox row id).
/// </summary>
public static class BridgeEnvelope
{
    /// <summary>camelCase names, ISO 8601 UTC dates, nulls kept (the contract requires every listed property).</summary>
    public static readonly JsonSerializerSettings JsonSettings = new()
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        DateFormatString = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'",
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        NullValueHandling = NullValueHandling.Include,
        Formatting = Formatting.None,
    };

    public static string SerializePayload(object payload) => JsonConvert.SerializeObject(payload, JsonSettings);

    /// <summary>Builds the exact body that is signed and posted.</summary>
    public static string Build(string eventId, string eventType, DateTime occurredOnUtc, int storeId, string payloadJson, long version)
    {
        // Dates stay as written (…T10:00:00.000Z); JObject.Parse would turn them into DateTime and rewrite them.
        using var reader = new JsonTextReader(new StringReader(payloadJson)) { DateParseHandling = DateParseHandling.None };
        var payload = JObject.Load(reader);
        var occurredAt = DateTime.SpecifyKind(occurredOnUtc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        payload["updatedAt"] = occurredAt;
        payload["version"] = version;
        var envelope = new JObject
        {
            ["id"] = eventId,
            ["type"] = eventType,
            ["occurredAt"] = occurredAt,
            ["storeId"] = storeId,
            ["contractVersion"] = StripeSidecarDefaults.ContractVersion,
            ["payload"] = payload,
        };
        return envelope.ToString(Formatting.None);
    }
}
