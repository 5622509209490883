using Nop.Data;
using Nop.Plugin.Payments.StripeSidecar.Contract;
using Nop.Plugin.Payments.StripeSidecar.Domain;
using Nop.Services.Logging;
using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Payments.StripeSidecar.Services;

/// <summary>
/// Delivers the outbox in id order. A row that fails with 5xx/408/429 or a network error waits with exponential
/// backoff and blocks the rows after it (so events stay in order); another 4xx will not improve and the row is
/// marked failed. Rows are only marked delivered after a 2xx, so a crash means a redelivery, never a loss
/// (the sidecar deduplicates by webhook-id).
/// </summary>
public class OutboxDeliveryTask : IScheduleTask
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(30);

    private readonly ILogger _logger;
    private readonly IRepository<OutboxEvent> _outbox;
    private readonly SidecarClient _sidecar;
    private readonly StripeSidecarSettings _settings;

    public OutboxDeliveryTask(ILogger logger, IRepository<OutboxEvent> outbox, SidecarClient sidecar, StripeSidecarSettings settings)
    {
        _logger = logger;
        _outbox = outbox;
        _sidecar = sidecar;
        _settings = settings;
    }

    public async Task ExecuteAsync()
    {
        if (string.IsNullOrEmpty(_settings.SidecarUrl) || string.IsNullOrEmpty(_settings.EventSecret))
            return;
        var batch = _outbox.Table
            .Where(e => e.DeliveredOnUtc == null && e.FailedOnUtc == null)
            .OrderBy(e => e.Id)
            .Take(Math.Max(1, _settings.DeliveryBatchSize))
            .ToList();
        foreach (var row in batch)
        {
            // The first row still waiting for its retry holds back the rest: order matters more than speed.
            if (row.NextAttemptOnUtc > DateTime.UtcNow)
                return;
            if (!await DeliverAsync(row))
                return;
        }
    }

    /// <summary>True when the pump may go on to the next row.</summary>
    private async Task<bool> DeliverAsync(OutboxEvent row)
    {
        var body = BridgeEnvelope.Build(row.EventId, row.EventType, row.OccurredOnUtc, row.StoreId, row.PayloadJson, row.Id);
        row.Attempts++;
        string error;
        var retryable = true;
        try
        {
            var (status, text) = await _sidecar.DeliverEventAsync(row.EventId, body);
            if (status is >= 200 and <= 299)
            {
                row.DeliveredOnUtc = DateTime.UtcNow;
                row.LastError = null;
                await _outbox.UpdateAsync(row, publishEvent: false);
                return true;
            }
            error = $"HTTP {status}: {(text.Length > 500 ? text[..500] : text)}";
            retryable = Backoff.IsRetryable(status);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            error = ex.Message;
        }

        row.LastError = error;
        if (!retryable || row.Attempts >= _settings.MaxDeliveryAttempts)
        {
            row.FailedOnUtc = DateTime.UtcNow;
            await _outbox.UpdateAsync(row, publishEvent: false);
            await _logger.ErrorAsync($"Stripe sidecar: event {row.EventId} ({row.EventType}) failed for good: {error}");
            return true;
        }
        row.NextAttemptOnUtc = DateTime.UtcNow + Backoff.Delay(row.Attempts, BaseDelay, MaxDelay, Random.Shared.NextDouble());
        await _outbox.UpdateAsync(row, publishEvent: false);
        await _logger.WarningAsync($"Stripe sidecar: event {row.EventId} not delivered (attempt {row.Attempts}): {error}");
        return false;
    }
}
