using FluentMigrator.Builders.Create.Table;
using Nop.Data.Extensions;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Payments.StripeSidecar.Domain;

namespace Nop.Plugin.Payments.StripeSidecar.Data;

public class WriteBackRequestBuilder : NopEntityBuilder<WriteBackRequest>
{
    public override void MapEntity(CreateTableExpressionBuilder table)
    {
        table
            // Unique: two concurrent calls with one id cannot both run.
            .WithColumn(nameof(WriteBackRequest.RequestId)).AsString(200).NotNullable().Unique()
            .WithColumn(nameof(WriteBackRequest.Operation)).AsString(64).NotNullable()
            .WithColumn(nameof(WriteBackRequest.Fingerprint)).AsString(64).NotNullable()
            .WithColumn(nameof(WriteBackRequest.StatusCode)).AsInt32().NotNullable()
            .WithColumn(nameof(WriteBackRequest.ResponseJson)).AsString(int.MaxValue).Nullable()
            .WithColumn(nameof(WriteBackRequest.CreatedOnUtc)).AsNopDateTime2().NotNullable();
    }
}
