namespace Nop.Plugin.Payments.StripeSidecar.Services;

/// <summary>An answer of the write-back API: HTTP status and JSON body (contract error shape for non-2xx).</summary>
public record WriteBackResult(int Status, object Body)
{
    public static WriteBackResult Ok(object body) => new(200, body);

    public static WriteBackResult Error(int status, string code, string message, string rule = null) =>
        new(status, new { error = new { code, rule, message } });

    public static WriteBackResult NotFound(string what, int id) => Error(404, "not_found", $"{what} {id} not found");

    /// <summary>409: a nopCommerce rule said no; the rule's name lets the sidecar tell "already paid" from "cancelled".</summary>
    public static WriteBackResult Refused(string rule, string message) => Error(409, "rule_refused", message, rule);

    public static WriteBackResult Invalid(string message) => Error(422, "invalid_request", message);
}

/// <summary>Thrown while reading a request body; becomes 422 naming the field.</summary>
public class InvalidWriteBackRequestException : Exception
{
    public InvalidWriteBackRequestException(string message) : base(message) { }
}
