using FluentMigrator.Builders.Create.Table;
using Nop.Data.Extensions;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Payments.StripeSidecar.Domain;

namespace Nop.Plugin.Payments.StripeSidecar.Data;

public class OutboxEventBuilder : NopEntityBuilder<OutboxEvent>
{
    public override void MapEntity(CreateTableExpressionBuilder table)
    {
        table
            .WithColumn(nameof(OutboxEvent.EventId)).AsString(64).NotNullable().Unique()
            .WithColumn(nameof(OutboxEvent.EventType)).AsString(100).NotNullable()
            .WithColumn(nameof(OutboxEvent.StoreId)).AsInt32().NotNullable()
            .WithColumn(nameof(OutboxEvent.PayloadJson)).AsString(int.MaxValue).NotNullable()
            .WithColumn(nameof(OutboxEvent.OccurredOnUtc)).AsNopDateTime2().NotNullable()
            .WithColumn(nameof(OutboxEvent.Attempts)).AsInt32().NotNullable()
            .WithColumn(nameof(OutboxEvent.NextAttemptOnUtc)).AsNopDateTime2().NotNullable()
            .WithColumn(nameof(OutboxEvent.DeliveredOnUtc)).AsNopDateTime2().Nullable()
            .WithColumn(nameof(OutboxEvent.FailedOnUtc)).AsNopDateTime2().Nullable()
            .WithColumn(nameof(OutboxEvent.LastError)).AsString(1000).Nullable();
    }
}
