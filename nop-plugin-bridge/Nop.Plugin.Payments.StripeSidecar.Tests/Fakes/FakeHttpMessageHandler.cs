using System.Net;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>
/// An HttpMessageHandler standing in for the sidecar: answers each request from a script (a status, or an exception
/// such as a refused connection) and keeps what was sent. Never touches the network.
/// </summary>
public class FakeHttpMessageHandler : HttpMessageHandler
{
    public record Sent(HttpMethod Method, Uri Uri, Dictionary<string, string> Headers, string ContentType, string Body);

    private readonly Queue<Func<HttpResponseMessage>> _script = new();

    public List<Sent> Requests { get; } = new();

    /// <summary>What answers once the script is used up (200 by default).</summary>
    public Func<HttpResponseMessage> Otherwise { get; set; } = () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };

    public FakeHttpMessageHandler Answer(int status, string body = "{}")
    {
        _script.Enqueue(() => new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body) });
        return this;
    }

    public FakeHttpMessageHandler Throw(Exception exception)
    {
        _script.Enqueue(() => throw exception);
        return this;
    }

    /// <summary>What HttpClient throws when nothing listens on the sidecar's port.</summary>
    public FakeHttpMessageHandler RefuseConnection() =>
        Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (sidecar.test:80)"));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new Sent(request.Method, request.RequestUri, headers, request.Content?.Headers.ContentType?.ToString(), body));
        var next = _script.Count > 0 ? _script.Dequeue() : Otherwise;
        return next();
    }
}
