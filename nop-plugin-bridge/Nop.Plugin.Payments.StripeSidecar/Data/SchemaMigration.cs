using FluentMigrator;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Payments.StripeSidecar.Domain;

namespace Nop.Plugin.Payments.StripeSidecar.Data;

[NopMigration("2026-11-27 00:00:00", "Payments.StripeSidecar base schema", MigrationProcessType.Installation)]
public class SchemaMigration : AutoReversingMigration
{
    public override void Up()
    {
        Create.TableFor<OutboxEvent>();
        Create.TableFor<WriteBackRequest>();
        // The delivery task reads pending rows in id order.
        Create.Index("IX_OutboxEvent_Pending").OnTable(nameof(OutboxEvent))
            .OnColumn(nameof(OutboxEvent.DeliveredOnUtc)).Ascending()
            .OnColumn(nameof(OutboxEvent.FailedOnUtc)).Ascending()
            .OnColumn(nameof(OutboxEvent.NextAttemptOnUtc)).Ascending();
    }
}
