using Newtonsoft.Json.Linq;
using Nop.Plugin.Payments.StripeSidecar.Contract;

namespace Nop.Plugin.Payments.StripeSidecar.Services;

/// <summary>Typed reads of a write-back body; a missing or wrong field throws, naming it (request.orderId ...).</summary>
public class WriteBackRequestReader
{
    private readonly JObject _body;
    private readonly string _path;

    /// <param name="path">where the object sits in the request, for messages: "request", or "request.items.0" for a line</param>
    public WriteBackRequestReader(JObject body, string path = "request")
    {
        _body = body;
        _path = path;
    }

    private JToken Field(string name)
    {
        if (!_body.TryGetValue(name, out var token))
            throw new InvalidWriteBackRequestException($"{_path}.{name}: required");
        return token;
    }

    public int Id(string name)
    {
        var token = Field(name);
        if (token.Type != JTokenType.Integer || token.Value<long>() < 1 || token.Value<long>() > int.MaxValue)
            throw new InvalidWriteBackRequestException($"{_path}.{name}: must be a positive integer id");
        return token.Value<int>();
    }

    public int Int(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        var token = Field(name);
        if (token.Type != JTokenType.Integer || token.Value<long>() < min || token.Value<long>() > max)
            throw new InvalidWriteBackRequestException($"{_path}.{name}: must be an integer from {min} to {max}");
        return token.Value<int>();
    }

    public bool Bool(string name)
    {
        var token = Field(name);
        if (token.Type != JTokenType.Boolean)
            throw new InvalidWriteBackRequestException($"{_path}.{name}: must be true or false");
        return token.Value<bool>();
    }

    public string Text(string name, int maxLength, bool nullable = false)
    {
        var token = Field(name);
        if (nullable && token.Type == JTokenType.Null)
            return null;
        if (token.Type != JTokenType.String || (!nullable && token.Value<string>().Length == 0) || token.Value<string>().Length > maxLength)
            throw new InvalidWriteBackRequestException($"{_path}.{name}: must be a string of 1 to {maxLength} characters");
        return token.Value<string>();
    }

    /// <summary>
    /// The contract's nullableString: null or any string, of any length (the contract sets no limit, and the columns
    /// these go to are nvarchar(max) in nopCommerce).
    /// </summary>
    public string TextOrNull(string name)
    {
        var token = Field(name);
        if (token.Type == JTokenType.Null)
            return null;
        if (token.Type != JTokenType.String)
            throw new InvalidWriteBackRequestException($"{_path}.{name}: must be a string or null");
        return token.Value<string>();
    }

    public decimal? Decimal(string name, bool nullable = false)
    {
        var token = Field(name);
        if (nullable && token.Type == JTokenType.Null)
            return null;
        if (token.Type != JTokenType.String || !DecimalFormat.TryParse(token.Value<string>(), out var value))
            throw new InvalidWriteBackRequestException($"{_path}.{name}: must be a decimal string such as \"12.50\"");
        return value;
    }

    public bool Has(string name) => _body.ContainsKey(name);

    /// <summary>A nested object, read with a reader whose messages name its path (request.changes.email ...).</summary>
    public WriteBackRequestReader Object(string name, bool nullable = false)
    {
        var token = Field(name);
        if (nullable && token.Type == JTokenType.Null)
            return null;
        return token is JObject obj ? new WriteBackRequestReader(obj, $"{_path}.{name}") : throw new InvalidWriteBackRequestException($"{_path}.{name}: must be an object");
    }

    public long? VersionOrNull(string name)
    {
        var token = Field(name);
        if (token.Type == JTokenType.Null)
            return null;
        if (token.Type != JTokenType.Integer || token.Value<long>() < 1)
            throw new InvalidWriteBackRequestException($"{_path}.{name}: must be null or a positive integer");
        return token.Value<long>();
    }

    /// <summary>The contract's origin of a Stripe change: { system: "stripe", reference: the event id }.</summary>
    public string StripeOrigin(string name)
    {
        var origin = Object(name);
        if (origin.Text("system", 20) != "stripe")
            throw new InvalidWriteBackRequestException($"{_path}.{name}.system: must be \"stripe\"");
        return origin.Text("reference", 255);
    }

    public JArray ArrayOrNull(string name)
    {
        var token = Field(name);
        if (token.Type == JTokenType.Null)
            return null;
        if (token is not JArray array || array.Count == 0)
            throw new InvalidWriteBackRequestException($"{_path}.{name}: must be null or a non-empty array");
        return array;
    }
}
