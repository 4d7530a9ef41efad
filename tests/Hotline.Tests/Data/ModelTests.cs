using Hotline.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Tests.Data;

public sealed class ModelTests
{
    [Fact]
    public void The_migrations_match_the_model()
    {
        // Fails when an entity changed without "dotnet ef migrations add".
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no migration captures.");
    }

    [Fact]
    public void Tables_and_columns_are_snake_case()
    {
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            Assert.Equal(table.ToLowerInvariant(), table);
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName();
                Assert.Equal(column.ToLowerInvariant(), column);
            }
        }
    }
}
