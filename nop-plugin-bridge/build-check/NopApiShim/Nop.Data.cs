// Compile-time stand-in for the part of nopCommerce 4.90.3's Nop.Data assembly that the StripeSidecar plugin uses.
// Mirrors nopCommerce 4.90.3 and is checked against the table in shared/reference/nop-plugin-build.md §5 (AsNopDateTime2:
// Nop.Data/Extensions/FluentMigratorExtensions.cs, public since 4.50). Written by hand: it is not nopCommerce code.
// FluentMigrator is 8.0.1 here (nopCommerce 4.90.3 pins 7.1.0, which is not served).

using System.Globalization;
using System.Linq.Expressions;
using FluentMigrator.Builders.Create;
using FluentMigrator.Builders.Create.Table;
using Nop.Core;

namespace Nop.Data
{
    /// <summary>
    /// The members the plugin calls, plus the IList overloads of Insert/Update/Delete, which take part in overload
    /// resolution for the plugin's calls.
    /// </summary>
    public partial interface IRepository<TEntity> where TEntity : BaseEntity
    {
        Task InsertAsync(TEntity entity, bool publishEvent = true);
        Task InsertAsync(IList<TEntity> entities, bool publishEvent = true);
        Task UpdateAsync(TEntity entity, bool publishEvent = true);
        Task UpdateAsync(IList<TEntity> entities, bool publishEvent = true);
        Task DeleteAsync(TEntity entity, bool publishEvent = true);
        Task DeleteAsync(IList<TEntity> entities, bool publishEvent = true);
        Task<int> DeleteAsync(Expression<Func<TEntity, bool>> predicate);
        IQueryable<TEntity> Table { get; }
    }
}

namespace Nop.Data.Mapping.Builders
{
    public partial interface IEntityBuilder
    {
        void MapEntity(CreateTableExpressionBuilder table);
    }

    public abstract partial class NopEntityBuilder<TEntity> : IEntityBuilder where TEntity : BaseEntity
    {
        public abstract void MapEntity(CreateTableExpressionBuilder table);
    }
}

namespace Nop.Data.Migrations
{
    public enum MigrationProcessType
    {
        NoMatter,
        Installation,
        Update,
    }

    public enum UpdateMigrationType
    {
        Data = 5,
        Localization = 10,
        Settings = 15,
    }

    public partial class NopMigrationAttribute : FluentMigrator.MigrationAttribute
    {
        public NopMigrationAttribute(string dateTime, MigrationProcessType targetMigrationProcess = MigrationProcessType.NoMatter)
            : base(VersionOf(dateTime), null)
        {
        }

        public NopMigrationAttribute(string dateTime, string description, MigrationProcessType targetMigrationProcess = MigrationProcessType.NoMatter)
            : base(VersionOf(dateTime), description)
        {
        }

        public NopMigrationAttribute(string dateTime, string nopVersion, UpdateMigrationType updateMigrationType,
            MigrationProcessType targetMigrationProcess = MigrationProcessType.NoMatter)
            : base(VersionOf(dateTime), nopVersion)
        {
        }

        // Stand-in only: the version is the date's ticks, read with the format the plugin uses (nopCommerce accepts a
        // few more formats). A bad date fails where the attribute is read, as in nopCommerce.
        private static long VersionOf(string dateTime) =>
            DateTime.ParseExact(dateTime, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture).Ticks;
    }
}

namespace Nop.Data.Extensions
{
    public static class FluentMigratorExtensions
    {
        /// <summary>Creates the table of an entity: Id primary key, builder columns, the rest auto-mapped.</summary>
        public static void TableFor<TEntity>(this ICreateExpressionRoot expressionRoot) where TEntity : BaseEntity =>
            throw new NotImplementedException("nopCommerce stand-in: TableFor needs nopCommerce's type finder and engine");

        /// <summary>
        /// nopCommerce's DateTime column: datetime2(6) on SQL Server, datetime(6) on MySQL, FluentMigrator's DateTime2
        /// (timestamp) on PostgreSQL. The stand-in cannot read the data settings and always takes the last branch.
        /// </summary>
        public static ICreateTableColumnOptionOrWithColumnSyntax AsNopDateTime2(this ICreateTableColumnAsTypeSyntax syntax) =>
            syntax.AsDateTime2();
    }
}
